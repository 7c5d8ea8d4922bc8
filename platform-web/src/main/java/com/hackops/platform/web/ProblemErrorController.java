package com.hackops.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * What reaches the servlet container's error path — an exception no handler answered (a 500), or a status sent
 * without a body — answered as problem+json like every other error of the API, in place of Spring Boot's own JSON
 * ({@code timestamp}, {@code error}, {@code path}). A server failure says only that it failed and which correlation id
 * to quote: the cause is logged under that id, never shown to the caller.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        HttpStatus sent = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatus.resolve(code) : null;
        HttpStatus status = sent != null ? sent : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = ProblemTypes.problem(status, ProblemTypes.ofStatus(status), detail(status, request, response));
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // the path is not a valid URI reference: the problem goes without an instance
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String detail(HttpStatus status, HttpServletRequest request, HttpServletResponse response) {
        if (status.is5xxServerError()) {
            String correlationId = response.getHeader(CorrelationIdFilter.HEADER);
            return "The server could not complete the request" + (correlationId == null ? "."
                    : "; quote correlation id " + correlationId + " when you report it.");
        }
        return request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String message && !message.isBlank()
                ? message : status.getReasonPhrase() + ".";
    }
}
