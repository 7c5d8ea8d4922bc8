package com.hackops.command.web;

import com.hackops.command.rejection.Rejection;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.events.types.TenantId;
import com.hackops.platform.web.JsonErrors;
import com.hackops.platform.web.ProblemTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static com.hackops.platform.web.ProblemTypes.problem;

/**
 * Every client error as RFC 9457 problem+json with a stable {@code type}. Business rejections carry their
 * details as extension members; malformed input says what was wrong without echoing internals.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private static final Map<RejectionKind, HttpStatus> STATUS = new EnumMap<>(Map.ofEntries(
            Map.entry(RejectionKind.NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(RejectionKind.FORBIDDEN, HttpStatus.FORBIDDEN),
            Map.entry(RejectionKind.LIMIT_EXCEEDED, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.PLAN_DOWNGRADE_BLOCKED, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.TENANT_SUSPENDED, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.TENANT_ARCHIVED, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.SLUG_TAKEN, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.LAST_OWNER, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.MEMBER_EXISTS, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.MEMBER_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(RejectionKind.IDEMPOTENCY_MISMATCH, HttpStatus.UNPROCESSABLE_ENTITY),
            Map.entry(RejectionKind.ALREADY_IMPORTED, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.API_KEY_NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(RejectionKind.TOO_MANY_API_KEYS, HttpStatus.CONFLICT),
            Map.entry(RejectionKind.INVALID_COMMAND, HttpStatus.BAD_REQUEST)));

    @ExceptionHandler(Rejection.class)
    ResponseEntity<ProblemDetail> rejected(Rejection rejection) {
        ProblemDetail problem = problem(STATUS.get(rejection.kind()), rejection.kind().slug(), rejection.getMessage());
        rejection.details().forEach(problem::setProperty);
        return respond(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> noSuchTenant(AggregateNotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, RejectionKind.NOT_FOUND.slug(), "No such tenant."));
    }

    /** Still losing the append race after every retry: a server-side condition, worth a client retry. */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> contended(ConcurrencyException e) {
        log.warn("command lost every append retry", e);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "contended", "The tenant is busy; retry shortly.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badPathOrParameter(MethodArgumentTypeMismatchException e) {
        if (e.getRequiredType() == TenantId.class) {
            // a tenant id that is not even a UUID names no tenant
            return respond(problem(HttpStatus.NOT_FOUND, RejectionKind.NOT_FOUND.slug(), "No such tenant."));
        }
        return respond(problem(HttpStatus.BAD_REQUEST, "validation", "Parameter '%s' is malformed.".formatted(e.getName())));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields.");
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "The request has invalid parameters.");
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-request", JsonErrors.describe(e.getCause()));
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(ProblemTypes.PREFIX + ProblemTypes.ofStatus(status)));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalidValue(IllegalArgumentException e) {
        log.debug("invalid value", e);
        return respond(problem(HttpStatus.BAD_REQUEST, "validation", e.getMessage()));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
