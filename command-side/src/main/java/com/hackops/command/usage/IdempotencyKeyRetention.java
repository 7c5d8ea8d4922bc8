package com.hackops.command.usage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Forgets idempotency keys older than the retention (at least 7 days: clients retry for days, not weeks). */
@Component
class IdempotencyKeyRetention {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyRetention.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;

    IdempotencyKeyRetention(JdbcTemplate jdbc, @Value("${hackops.idempotency.retention:P7D}") Duration retention) {
        if (retention.compareTo(Duration.ofDays(7)) < 0) {
            throw new IllegalArgumentException("hackops.idempotency.retention must be at least 7 days");
        }
        this.jdbc = jdbc;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${hackops.idempotency.sweep-interval:PT1H}", initialDelayString = "PT1M")
    void forgetExpiredKeys() {
        int forgotten = jdbc.update("DELETE FROM usage_idempotency_key WHERE created_at < now() - ?::interval",
                retention.toSeconds() + " seconds");
        if (forgotten > 0) {
            log.info("forgot {} idempotency keys older than {}", forgotten, retention);
        }
    }
}
