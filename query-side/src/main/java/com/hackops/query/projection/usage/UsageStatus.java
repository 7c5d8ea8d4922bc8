package com.hackops.query.projection.usage;

/** How close a metric is to its limit, as dashboards colour it. */
public enum UsageStatus {
    OK,
    /** at or above 80 % of the limit */
    WARNING,
    /** exactly at the limit: the next increment is refused */
    AT_LIMIT,
    /** above the limit (after a forced downgrade): increments refused until usage drops */
    OVER_LIMIT;

    public static UsageStatus of(long used, long limit) {
        if (used > limit) {
            return OVER_LIMIT;
        }
        if (used == limit && limit > 0) {
            return AT_LIMIT;
        }
        return used > 0 && used * 100.0 >= 80.0 * limit ? WARNING : OK;
    }

    /** Percent of the limit used, one decimal; {@code null} for a zero limit. */
    public static Double percent(long used, long limit) {
        return limit == 0 ? null : Math.round(used * 1000.0 / limit) / 10.0;
    }
}
