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

    /** A tenant a test created, its owner (a user of its own) and the owner's token. */
    public record NewTenant(String id, String owner, String token) {

        /** The tenant's usage endpoint, {@code /api/v1/tenants/<id>/usage}. */
        public String usage() {
            return "/api/v1/tenants/" + id + "/usage";
        }
    }

    /** Creates a tenant on {@code plan} for an owner of its own; both named from {@code prefix} and a random part. */
    public NewTenant newTenant(String prefix, String plan) {
        String owner = prefix + UUID.randomUUID();
        return new NewTenant(createTenant(owner, slug(prefix), plan), owner, Tokens.user(owner));
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
