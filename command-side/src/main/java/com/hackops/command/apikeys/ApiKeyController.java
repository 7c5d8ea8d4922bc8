package com.hackops.command.apikeys;

import com.hackops.command.tenant.TenantVersion;
import com.hackops.events.apikey.ApiKeySecrets;
import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * API keys of a tenant for machine clients (OWNER, ADMIN). The secret is in the answer to the request that issued
 * the key and nowhere else: only its SHA-256 is stored. The query side lists the keys.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/api-keys")
@Tag(name = "api keys")
class ApiKeyController {

    private final CommandGateway commands;

    ApiKeyController(CommandGateway commands) {
        this.commands = commands;
    }

    record IssueRequest(@NotBlank @Size(max = 100) String name, @NotEmpty @Size(max = 2) List<@NotBlank String> scopes) {
    }

    record Issued(UUID keyId, TenantId tenantId, String name, List<String> scopes, String shown, String secret,
                  String note, long version) {
    }

    record Revoked(UUID keyId, TenantId tenantId, boolean revoked, long version) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an API key with scopes usage:write and/or read; the secret is shown in this answer only. "
            + "Clients send it as 'Authorization: Bearer <secret>'")
    Issued issue(@PathVariable TenantId tenantId, @Valid @RequestBody IssueRequest request, Caller caller) {
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        for (String label : request.scopes()) {
            scopes.add(ApiKeyScope.ofLabel(label).orElseThrow(() -> new IllegalArgumentException(
                    "unknown scope '%s': use usage:write or read".formatted(label))));
        }
        UUID keyId = UUID.randomUUID();
        String secret = ApiKeySecrets.newSecret();
        String shown = ApiKeySecrets.shownPart(secret);
        var result = (TenantVersion) commands.sendAndWait(new IssueApiKey(tenantId, keyId, request.name().strip(), scopes,
                ApiKeySecrets.hash(secret), shown, caller));
        return new Issued(keyId, tenantId, request.name().strip(), scopes.stream().map(ApiKeyScope::label).toList(), shown,
                secret, "Store the secret now: it is not shown again.", result.version());
    }

    @DeleteMapping("/{keyId}")
    @Operation(summary = "Revoke an API key: from this answer on it authenticates nothing, on both services")
    Revoked revoke(@PathVariable TenantId tenantId, @PathVariable UUID keyId, Caller caller) {
        var result = (TenantVersion) commands.sendAndWait(new RevokeApiKey(tenantId, keyId, caller));
        return new Revoked(keyId, tenantId, true, result.version());
    }
}
