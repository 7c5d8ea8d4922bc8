package com.hackops.platform.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

import java.util.List;

/** A request authenticated by an API key: its name is the key's caller id, so rate limits count per key. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKeyGrant grant;

    ApiKeyAuthentication(ApiKeyGrant grant) {
        super(List.of());
        this.grant = grant;
        setAuthenticated(true);
    }

    public ApiKeyGrant grant() {
        return grant;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return grant;
    }

    @Override
    public String getName() {
        return grant.callerId();
    }
}
