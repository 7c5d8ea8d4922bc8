package com.hackops.command.support;

import com.hackops.platform.security.Tokens;
import com.hackops.platform.testing.HttpApi;

/** The tests' HTTP client of the command API. */
public final class Api extends HttpApi {

    public Api(int port) {
        super(port);
    }

    /** Creates a tenant as {@code owner} and returns its id. */
    public String createTenant(String owner, String slug, String plan) {
        Response created = post("/api/v1/tenants", Tokens.user(owner),
                "{\"name\":\"Tenant %s\",\"slug\":\"%s\",\"plan\":\"%s\"}".formatted(slug, slug, plan));
        if (created.status() != 201) {
            throw new AssertionError("create tenant: " + created);
        }
        return created.json().get("tenantId").asText();
    }
}
