package com.hackops.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SizedJsonAnswersTest {

    private final SizedJsonAnswers.Converter converter = new SizedJsonAnswers.Converter(new ObjectMapper());

    record Answer(String metric, long used, String note) {
    }

    @Test
    void the_length_is_set_before_the_body_is_written_and_counts_bytes_not_characters() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        ServletServerHttpResponse message = new ServletServerHttpResponse(response);

        converter.write(new Answer("EVENTS", 42, "Größe ✓"), MediaType.APPLICATION_JSON, message);

        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(new ObjectMapper().readValue(body, Map.class))
                .isEqualTo(Map.of("metric", "EVENTS", "used", 42, "note", "Größe ✓"));
        assertThat(response.getHeader("Content-Length"))
                .isEqualTo(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length))
                .isNotEqualTo(String.valueOf(body.length()));
        assertThat(response.getContentType()).startsWith("application/json");
    }

    @Test
    void a_problem_keeps_its_media_type_and_gets_its_length() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "over the limit");

        converter.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));

        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader("Content-Length"))
                .isEqualTo(String.valueOf(response.getContentAsByteArray().length));
        assertThat(response.getContentAsString()).contains("\"detail\":\"over the limit\"");
    }

    @Test
    void an_answer_larger_than_the_held_size_streams_without_a_length_and_arrives_whole() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        String note = "x".repeat(SizedJsonAnswers.MAX_SIZED + 10);

        converter.write(new Answer("EVENTS", 7, note), MediaType.APPLICATION_JSON, new ServletServerHttpResponse(response));

        assertThat(response.getHeader("Content-Length")).isNull();
        assertThat(new ObjectMapper().readValue(response.getContentAsString(), Map.class))
                .isEqualTo(Map.of("metric", "EVENTS", "used", 7, "note", note));
    }

    @Test
    void an_answer_of_exactly_the_held_size_is_still_sized() throws Exception {
        String empty = new ObjectMapper().writeValueAsString(new Answer("EVENTS", 7, ""));
        String note = "x".repeat(SizedJsonAnswers.MAX_SIZED - empty.length());
        MockHttpServletResponse response = new MockHttpServletResponse();

        converter.write(new Answer("EVENTS", 7, note), MediaType.APPLICATION_JSON, new ServletServerHttpResponse(response));

        assertThat(response.getHeader("Content-Length")).isEqualTo(String.valueOf(SizedJsonAnswers.MAX_SIZED));
        assertThat(response.getContentAsByteArray()).hasSize(SizedJsonAnswers.MAX_SIZED);
    }
}
