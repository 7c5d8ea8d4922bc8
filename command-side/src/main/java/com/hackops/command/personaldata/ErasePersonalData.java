package com.hackops.command.personaldata;

import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erase a person's e-mail and display name in the tenant (crypto-shredding: their key is deleted). */
public record ErasePersonalData(@TargetAggregateIdentifier TenantId tenantId, String userId, Caller caller) {
}
