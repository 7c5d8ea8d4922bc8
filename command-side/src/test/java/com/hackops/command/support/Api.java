package com.hackops.command.support;

import com.hackops.platform.security.Tokens;
import com.hackops.platform.testing.HttpApi;

import java.util.UUID;

/** The tests' HTTP client of the command API. */
public final class Api extends HttpApi {

    public Api(int port) {
        super(port);
    }

    /** A slug no other test has taken: {@code prefix} and eight characters of a random UUID. */
    public static String slug(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
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
