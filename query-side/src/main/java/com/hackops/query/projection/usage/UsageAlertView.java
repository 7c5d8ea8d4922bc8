package com.hackops.query.projection.usage;

import java.time.Instant;

public record UsageAlertView(String metric, String kind, long used, long limit, Instant occurredAt, long sequence) {
}
