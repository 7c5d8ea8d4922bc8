package com.hackops.query.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * What the dashboard may offer this browser: the dev sign-in only where it exists and would answer. Asked once on
 * the sign-in page, so the page never probes an endpoint that is not there.
 */
@RestController
@Hidden
class DashboardSettings {

    static final String PATH = "/dashboard/settings";

    private final boolean devSignIn;

    DashboardSettings(@Value("${hackops.dev.sign-in.enabled:false}") boolean devSignIn) {
        this.devSignIn = devSignIn;
    }

    @GetMapping(PATH)
    Map<String, Boolean> settings(HttpServletRequest request) {
        return Map.of("devSignIn", devSignIn && DevSignIn.fromThisMachine(request));
    }
}
