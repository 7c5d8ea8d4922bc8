package com.hackops.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;

/** Problem {@code type} URIs are {@code urn:hackops:problem:<kind>}: stable names, not links. */
public final class ProblemTypes {

    public static final String PREFIX = "urn:hackops:problem:";

    private ProblemTypes() {
    }

    /** A problem document of {@code urn:hackops:problem:<type>}. */
    public static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PREFIX + type));
        return problem;
    }

    /** The type Spring's own problems get when they have none: the status's name ({@code not-found}, {@code http-599}). */
    public static String ofStatus(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }

    /** Answers with {@code problem} as problem+json, for filters and interceptors that run before Spring MVC's advice. */
    public static void write(ObjectMapper json, HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
