package com.hackops.command.tenant;

import com.hackops.command.imports.ImportedTenants;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.TenantId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ImportedTenants} in a map, behaving like {@code JdbcImportedTenants}: a row recorded twice is ALREADY_IMPORTED. */
final class InMemoryImportedTenants implements ImportedTenants {

    private final Map<String, TenantId> rows = new HashMap<>();

    @Override
    public void record(String source, String externalId, TenantId tenantId) {
        TenantId earlier = rows.putIfAbsent(source + "/" + externalId, tenantId);
        if (earlier != null) {
            throw Rejections.of(RejectionKind.ALREADY_IMPORTED, "Imported before as " + earlier,
                    Map.of("tenantId", earlier.toString()));
        }
    }

    Optional<TenantId> tenantOf(String source, String externalId) {
        return Optional.ofNullable(rows.get(source + "/" + externalId));
    }
}
