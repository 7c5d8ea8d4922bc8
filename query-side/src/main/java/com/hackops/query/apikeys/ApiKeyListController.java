package com.hackops.query.apikeys;

import com.hackops.platform.security.Caller;
import com.hackops.query.api.TenantVisibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Lists a tenant's API keys (active and revoked) for its OWNERs and ADMINs; keys are issued on the command side. */
@RestController
@Tag(name = "api keys")
class ApiKeyListController {

    private final TenantVisibility visibility;
    private final ApiKeyDirectory keys;

    ApiKeyListController(TenantVisibility visibility, ApiKeyDirectory keys) {
        this.visibility = visibility;
        this.keys = keys;
    }

    record KeysAnswer(UUID tenantId, List<ApiKeyDirectory.Listed> keys) {
    }

    @GetMapping("/api/v1/tenants/{tenantId}/api-keys")
    @Operation(summary = "The tenant's API keys, newest first: name, scopes, the secret's first characters, who issued "
            + "and revoked them and when (OWNER, ADMIN)")
    KeysAnswer list(@PathVariable UUID tenantId, Caller caller) {
        visibility.readAsOneOf(Set.of("OWNER", "ADMIN"), "API keys are managed by OWNERs and ADMINs.", caller, tenantId,
                "API keys", () -> Boolean.TRUE);
        return new KeysAnswer(tenantId, keys.of(tenantId));
    }
}
