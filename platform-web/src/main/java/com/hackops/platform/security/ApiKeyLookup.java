package com.hackops.platform.security;

import java.util.Optional;

/** Finds the active (not revoked) API key with a secret's hash. */
public interface ApiKeyLookup {

    Optional<ApiKeyGrant> find(byte[] secretHash);
}
