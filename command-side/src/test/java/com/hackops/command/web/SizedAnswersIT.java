package com.hackops.command.web;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.testing.HttpApi.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON answers go out with their length (platform-web's SizedJsonAnswers), not chunked: an accepted report, a
 * refused one, a batch, a problem from a controller — and one from the filter chain, which writes and closes the
 * response itself (Tomcat then sizes it without the converter; checked so that every kind of answer is).
 */
@IntegrationTest
class SizedAnswersIT {

    @LocalServerPort
    int port;

    @Test
    void every_kind_of_json_answer_carries_its_exact_length() {
        Api api = new Api(port);
        Api.NewTenant tenant = api.newTenant("sized-", "FREE");
        String usage = tenant.usage();

        assertSized(api.post(usage, tenant.token(), "{\"metric\":\"EVENTS\",\"delta\":1}"), 200);
        assertSized(api.post(usage, tenant.token(), "{\"metric\":\"EVENTS\",\"delta\":1000000}"), 409);
        assertSized(api.post(usage + "/batch", tenant.token(),
                "{\"items\":[{\"metric\":\"EVENTS\",\"delta\":1},{\"metric\":\"PARTICIPANTS\",\"delta\":2}]}"), 200);
        assertSized(api.post(usage, tenant.token(), "{\"metric\":\"NOPE\",\"delta\":1}"), 400);
        assertSized(api.post(usage, null, "{\"metric\":\"EVENTS\",\"delta\":1}"), 401);
    }

    private static void assertSized(Response answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Transfer-Encoding")).as("Transfer-Encoding").isNull();
        assertThat(answer.header("Content-Length")).as("Content-Length")
                .isEqualTo(String.valueOf(answer.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(answer.contentType()).containsAnyOf("application/json", "application/problem+json");
    }
}
