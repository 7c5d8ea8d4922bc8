package com.hackops.query.webhooks;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature receivers verify, fresh secrets, and the retry back-off. */
class WebhookSigningTest {

    @Test
    void the_signature_is_the_hex_hmac_sha256_of_timestamp_dot_body_under_the_secret() {
        // the same value as: printf '%s' '1767225600.{"id":"x"}' | openssl dgst -sha256 -hmac whsec_test
        assertThat(WebhookSignature.sign("whsec_test", "1767225600", "{\"id\":\"x\"}"))
                .isEqualTo("v1=f2a0e9cc79f6a8d5063bc6718561e872509983827740ea4ee5622da1c7e8d2b4");
    }

    @Test
    void every_endpoint_gets_its_own_256_bit_secret() {
        String one = WebhookSignature.newSecret();
        String other = WebhookSignature.newSecret();
        assertThat(one).startsWith("whsec_").hasSize(6 + 43).isNotEqualTo(other);
    }

    @Test
    void retries_wait_one_second_doubling_up_to_an_hour() {
        WebhookProperties properties = new WebhookProperties(true, "g", false, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofHours(1), 12, 4, Duration.ofSeconds(1), Duration.ofMinutes(1), 10,
                DataSize.ofKilobytes(64), Duration.ofMillis(500));
        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.backoffAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(properties.backoffAfter(12)).isEqualTo(Duration.ofSeconds(2048));
        assertThat(properties.backoffAfter(13)).isEqualTo(Duration.ofHours(1));
        assertThat(properties.backoffAfter(40)).isEqualTo(Duration.ofHours(1));
    }
}
