package com.hackops.command.apikeys;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Revoke an API key; revoking a revoked key again changes nothing. */
public record RevokeApiKey(@TargetAggregateIdentifier TenantId tenantId, UUID keyId, Caller caller) {
}
