package com.hackops.query.api;

import com.hackops.platform.web.JsonErrors;
import com.hackops.platform.web.ProblemTypes;
import com.hackops.query.audit.Rebuilds;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

import static com.hackops.platform.web.ProblemTypes.problem;

/** Every client error of the query API as problem+json with a stable {@code type}, as on the command side. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(TenantVisibility.TenantNotFound.class)
    ResponseEntity<ProblemDetail> notFound(TenantVisibility.TenantNotFound e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage()), null);
    }

    @ExceptionHandler(ReadYourWrites.ReadModelBehind.class)
    ResponseEntity<ProblemDetail> behind(ReadYourWrites.ReadModelBehind e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "read-model-behind", e.getMessage());
        problem.setProperty("wantedVersion", e.wanted);
        problem.setProperty("visibleVersion", e.reached);
        return respond(problem, "1");
    }

    @ExceptionHandler(Rebuilds.RunningElsewhere.class)
    ResponseEntity<ProblemDetail> rebuildElsewhere(Rebuilds.RunningElsewhere e) {
        return respond(problem(HttpStatus.CONFLICT, "rebuild-running-elsewhere", e.getMessage()), null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
        if ("tenantId".equals(e.getName())) {
            return respond(problem(HttpStatus.NOT_FOUND, "not-found", "No such tenant."), null);
        }
        return respond(problem(HttpStatus.BAD_REQUEST, "validation", "Parameter '%s' is malformed.".formatted(e.getName())), null);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, "validation", e.getMessage()), null);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.BAD_REQUEST, "validation", "The request has invalid parameters."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.BAD_REQUEST, "malformed-request", JsonErrors.describe(e.getCause())));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            String slug = status.value() == 400 ? "validation" : ProblemTypes.ofStatus(status);
            problem.setType(URI.create(ProblemTypes.PREFIX + slug));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, String retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder.body(problem);
    }
}
