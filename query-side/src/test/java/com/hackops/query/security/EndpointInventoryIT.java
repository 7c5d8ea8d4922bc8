package com.hackops.query.security;

import com.hackops.platform.security.Tokens;
import com.hackops.platform.testing.SecurityChainRules;
import com.hackops.query.support.Api;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint Spring MVC maps has its row in {@link EndpointRules} (so a new endpoint cannot go live without a
 * decision about who reaches it), every row names an endpoint that exists, and what has no row is denied.
 */
@QueryIntegrationTest
class EndpointInventoryIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext service;

    @Test
    void the_security_chain_runs_without_the_introspector_cache_filter_spring_security_wraps_it_in() {
        SecurityChainRules.assertUnwrapped(service);
    }

    @Test
    void every_mapped_endpoint_has_an_explicit_rule() {
        List<String> missing = new ArrayList<>();
        for (RequestMappingInfo mapping : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
            for (String pattern : mapping.getPatternValues()) {
                EndpointRules.Rule rule = EndpointRules.RULES.stream().filter(r -> r.served() != EndpointRules.Served.OTHER && r.pattern().equals(pattern))
                        .findFirst().orElse(null);
                if (rule == null) {
                    missing.add(methods + " " + pattern + ": no rule");
                } else if (methods.isEmpty() ? !rule.methods().contains(EndpointRules.Method.ANY)
                        : methods.stream().anyMatch(m -> !rule.methods().contains(EndpointRules.Method.valueOf(m.name())))) {
                    missing.add(methods + " " + pattern + ": the rule lists only " + rule.methods());
                }
            }
        }
        assertThat(missing).as("endpoints without a decision in EndpointRules.RULES (add a row: who may call it, and why)")
                .isEmpty();
    }

    @Test
    void every_rule_names_a_mapped_endpoint() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(mapping -> mapped.addAll(mapping.getPatternValues()));
        assertThat(EndpointRules.RULES.stream().filter(r -> r.served() == EndpointRules.Served.MVC).map(EndpointRules.Rule::pattern))
                .as("rows of EndpointRules whose endpoint is gone").allMatch(mapped::contains);
    }

    @Test
    void what_has_no_rule_is_denied_even_with_a_valid_token() {
        Api api = new Api(port);
        String token = Tokens.user("inventory-" + System.nanoTime());
        for (String path : List.of("/api/v2/tenants", "/api/v1/nothing", "/internal", "/actuator/env", "/actuator/heapdump")) {
            Api.Response anonymous = api.send("GET", path, null, null);
            Api.Response authenticated = api.send("GET", path, token, null);
            assertThat(anonymous.isProblem(401, "unauthorized")).as(path + " " + anonymous).isTrue();
            assertThat(authenticated.isProblem(403, "forbidden")).as(path + " " + authenticated).isTrue();
        }
        assertThat(api.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void the_admin_api_needs_a_platform_admin_before_any_handler_runs() {
        Api api = new Api(port);
        for (String[] call : List.of(new String[] {"GET", "/api/v1/admin/statistics"},
                new String[] {"POST", "/api/v1/admin/rebuilds"}, new String[] {"POST", "/api/v1/admin/audits"},
                new String[] {"DELETE", "/api/v1/admin/projections/parked/" + java.util.UUID.randomUUID() + "/0"})) {
            Api.Response member = api.send(call[0], call[1], Tokens.user("not-an-admin"), null);
            assertThat(member.isProblem(403, "forbidden")).as(call[1] + " " + member).isTrue();
        }
        assertThat(api.get("/api/v1/admin/statistics", Tokens.platformAdmin("operator")).status()).isEqualTo(200);
    }
}
