package com.hackops.query.dashboard;

import com.hackops.query.support.Api;
import com.hackops.query.support.OwnPipelineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard is served by the query side itself, with its chart library vendored, and the local dev sign-in. */
@OwnPipelineTest
class DashboardPagesIT {

    @LocalServerPort
    int port;

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void the_dashboard_is_served_without_a_token_under_a_strict_content_security_policy() {
        Api.Response page = api.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<title>HackOps dashboard</title>", "/dashboard/app.js", "/vendor/chart.umd.js",
                "Loading the dashboard");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "connect-src 'self'");

        Api.Response app = api.get("/dashboard/app.js", null);
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.contentType()).contains("javascript");
    }

    @Test
    void chart_js_is_vendored_from_npm_at_build_time() {
        Api.Response chart = api.get("/vendor/chart.umd.js", null);
        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.body()).startsWith("/*!").contains("Chart.js v4.");
        assertThat(api.get("/vendor/chart.js.LICENSE.md", null).body()).contains("MIT");
    }

    @Test
    void the_dev_sign_in_mints_a_token_the_query_api_accepts() {
        Api.Response signedIn = api.post("/dev/sign-in", null, "{\"userId\":\"dev-alice\",\"platformAdmin\":false}");
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        String token = signedIn.json().path("token").asText();
        assertThat(signedIn.json().path("userId").asText()).isEqualTo("dev-alice");
        assertThat(api.get("/api/v1/tenants", token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/admin/statistics", token).status()).isEqualTo(403);

        String admin = api.post("/dev/sign-in", null, "{\"userId\":\"dev-ops\",\"platformAdmin\":true}").json().path("token").asText();
        assertThat(api.get("/api/v1/admin/statistics", admin).status()).isEqualTo(200);
        assertThat(api.get("/dashboard/settings", null).json().path("devSignIn").asBoolean()).isTrue();
    }

    @Test
    void the_dev_sign_in_refuses_bad_input() {
        assertThat(api.post("/dev/sign-in", null, "{\"userId\":\"\"}").isProblem(400, "validation")).isTrue();
        assertThat(api.post("/dev/sign-in", null, "{\"userId\":\"a b\"}").isProblem(400, "validation")).isTrue();
        assertThat(api.post("/dev/sign-in", null, "{\"userId\":\"x\",\"role\":\"OWNER\"}").isProblem(400, "validation")).isTrue();
        assertThat(api.post("/dev/sign-in", null, "{\"userId\":\"x\",\"platformAdmin\":\"yes\"}").isProblem(400, "validation")).isTrue();
        assertThat(api.post("/dev/sign-in", null, "not json").isProblem(400, "malformed-request")).isTrue();
        assertThat(api.post("/dev/sign-in", null, "{\"userId\":").json().path("detail").asText())
                .isEqualTo("The body is not valid JSON.");
    }
}
