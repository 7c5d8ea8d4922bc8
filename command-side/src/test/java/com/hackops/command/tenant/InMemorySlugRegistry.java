package com.hackops.command.tenant;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.TenantId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SlugRegistry} in a map, behaving like {@code JdbcSlugRegistry}: a slug another tenant holds is
 * SLUG_TAKEN; a successful claim releases the tenant's previous slug.
 */
final class InMemorySlugRegistry implements SlugRegistry {

    private final Map<String, TenantId> holders = new HashMap<>();

    @Override
    public void claim(String slug, TenantId tenantId) {
        TenantId holder = holders.putIfAbsent(slug, tenantId);
        if (holder != null && !holder.equals(tenantId)) {
            throw Rejections.of(RejectionKind.SLUG_TAKEN, "The slug '%s' is taken.".formatted(slug),
                    Map.of("slug", slug));
        }
        holders.entrySet().removeIf(held -> held.getValue().equals(tenantId) && !held.getKey().equals(slug));
    }

    /** Test setup: {@code tenantId} already holds {@code slug}. */
    void reserve(String slug, TenantId tenantId) {
        holders.put(slug, tenantId);
    }

    Optional<TenantId> holderOf(String slug) {
        return Optional.ofNullable(holders.get(slug));
    }
}
