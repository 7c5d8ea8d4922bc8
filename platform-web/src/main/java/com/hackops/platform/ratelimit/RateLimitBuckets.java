package com.hackops.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;

/**
 * In-memory token buckets (bucket4j) of this node, one per tenant and one per caller, in bounded maps that forget
 * buckets idle long enough to be full again. A request takes one token from its tenant's bucket and one from its
 * caller's; a request refused by the caller's bucket gives its tenant token back, so one caller's refused flood
 * does not drain the tenant for its other members. Tenants never share a bucket: one tenant's burst cannot
 * throttle another.
 */
@Component
public class RateLimitBuckets {

    /** Which bucket refused a request, and when the next token comes. */
    public record Refusal(String limit, Duration retryAfter) {
    }

    private final RateLimitProperties properties;
    private final Cache<UUID, Bucket> tenants;
    private final Cache<String, Bucket> callers;

    public RateLimitBuckets(RateLimitProperties properties) {
        this.properties = properties;
        this.tenants = cache(properties.perTenant());
        this.callers = cache(properties.perCaller());
    }

    /** Takes a token for the request; {@code null} when it may go on, otherwise why not. */
    public Refusal acquire(UUID tenant, String caller) {
        if (!properties.enabled()) {
            return null;
        }
        Bucket tenantBucket = tenant == null ? null : tenants.get(tenant, key -> bucket(properties.perTenant()));
        if (tenantBucket != null) {
            ConsumptionProbe probe = tenantBucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                return new Refusal("tenant", Duration.ofNanos(probe.getNanosToWaitForRefill()));
            }
        }
        ConsumptionProbe probe = callers.get(caller, key -> bucket(properties.perCaller())).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            if (tenantBucket != null) {
                tenantBucket.addTokens(1);
            }
            return new Refusal("caller", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        return null;
    }

    private <K> Cache<K, Bucket> cache(RateLimitProperties.Limit limit) {
        return Caffeine.newBuilder().maximumSize(properties.maxTracked()).expireAfterAccess(limit.refillTime()).build();
    }

    private static Bucket bucket(RateLimitProperties.Limit limit) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(limit.capacity())
                .refillGreedy(limit.refill(), limit.period()).build()).build();
    }
}
