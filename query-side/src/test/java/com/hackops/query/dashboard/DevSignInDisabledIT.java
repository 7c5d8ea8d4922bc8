package com.hackops.query.dashboard;

import com.hackops.query.support.Api;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Without hackops.dev.sign-in.enabled (the default) no one can mint tokens: the endpoint does not exist. */
@QueryIntegrationTest
class DevSignInDisabledIT {

    @LocalServerPort
    int port;

    @Test
    void the_dev_sign_in_does_not_exist_by_default() {
        Api api = new Api(port);
        assertThat(api.post("/dev/sign-in", null, "{\"userId\":\"mallory\",\"platformAdmin\":true}").status()).isEqualTo(404);
        assertThat(api.get("/dashboard/settings", null).json().path("devSignIn").asBoolean()).isFalse();
        assertThat(api.get("/", null).status()).as("the dashboard itself is there").isEqualTo(200);
    }
}
