package com.hackops.query.projection.usage;

public record MetricUsageView(String metric, long used, long limit, Double percent, UsageStatus status) {

    static MetricUsageView of(String metric, long used, long limit) {
        return new MetricUsageView(metric, used, limit, UsageStatus.percent(used, limit), UsageStatus.of(used, limit));
    }
}
