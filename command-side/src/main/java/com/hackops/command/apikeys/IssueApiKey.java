package com.hackops.command.apikeys;

import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;
import java.util.UUID;

/**
 * Issue an API key. The controller drew the secret; the command carries only its hash and shown part, so the
 * secret itself never reaches the aggregate, an event or a log.
 */
public record IssueApiKey(@TargetAggregateIdentifier TenantId tenantId, UUID keyId, String name, Set<ApiKeyScope> scopes,
                          byte[] secretHash, String shown, Caller caller) {
}
