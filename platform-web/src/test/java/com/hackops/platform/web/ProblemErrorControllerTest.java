package com.hackops.platform.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorControllerTest {

    private final ProblemErrorController controller = new ProblemErrorController();

    @Test
    void an_unhandled_failure_is_a_500_problem_that_names_the_correlation_id_and_not_the_cause() {
        MockHttpServletRequest request = errorDispatch(500, "/api/v1/tenants/x/billing/statement");
        request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "Result set exceeded maxResultBuffer limit");
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setHeader(CorrelationIdFilter.HEADER, "c-42");

        ResponseEntity<ProblemDetail> answer = controller.error(request, response);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getType().toString()).isEqualTo("urn:hackops:problem:internal-server-error");
        assertThat(problem.getDetail()).contains("c-42").doesNotContain("maxResultBuffer");
        assertThat(problem.getInstance().toString()).isEqualTo("/api/v1/tenants/x/billing/statement");
    }

    @Test
    void a_status_sent_without_a_body_keeps_its_status_and_message() {
        MockHttpServletRequest request = errorDispatch(404, "/nowhere");
        request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "No such thing.");

        ProblemDetail problem = controller.error(request, new MockHttpServletResponse()).getBody();

        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getType().toString()).isEqualTo("urn:hackops:problem:not-found");
        assertThat(problem.getDetail()).isEqualTo("No such thing.");
    }

    @Test
    void without_a_status_or_a_usable_path_it_is_still_a_problem() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/a path with spaces");

        ResponseEntity<ProblemDetail> answer = controller.error(request, new MockHttpServletResponse());

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getDetail()).isEqualTo("The server could not complete the request.");
        assertThat(answer.getBody().getInstance()).isNull();
    }

    private static MockHttpServletRequest errorDispatch(int status, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
        return request;
    }
}
