package com.hackops.platform.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Token buckets per tenant and per caller ({@code hackops.rate-limit.*}): each may make {@code capacity} requests at
 * once and gets {@code refill} more per {@code period}. {@code maxTracked} bounds how many buckets a node keeps
 * (idle ones are dropped first; a dropped bucket comes back full, which it would be by then anyway).
 */
@ConfigurationProperties("hackops.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue Limit perTenant,
                                  @DefaultValue Limit perCaller,
                                  @DefaultValue("100000") int maxTracked) {

    /** One bucket's size and refill rate. */
    public record Limit(@DefaultValue("10000") long capacity, @DefaultValue("5000") long refill,
                        @DefaultValue("1s") Duration period) {

        public Limit {
            if (capacity < 1 || refill < 1 || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("a rate limit needs capacity >= 1, refill >= 1 and a positive period");
            }
        }

        /** How long an untouched bucket takes to be full again: after that it need not be kept. */
        Duration refillTime() {
            return period.multipliedBy(Math.max(1, (capacity + refill - 1) / refill));
        }
    }
}
