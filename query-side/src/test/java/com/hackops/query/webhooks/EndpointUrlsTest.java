package com.hackops.query.webhooks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where webhooks may go: http(s) without credentials, to public addresses; loopback only when configured. */
class EndpointUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://example.com/hook                | url must be http or https",
            "javascript:alert(1)                   | url must be http or https",
            "/relative/hook                        | url must be http or https",
            "https://user:secret@example.com/hook  | url must not carry credentials",
            "https://token@example.com/hook        | url must not carry credentials",
            "https:///hook                         | url must name a host",
            "https://example.com/hook#part         | url must not have a fragment",
            "https://exa mple.com/                 | url is not a valid URL"})
    void a_malformed_or_unsafe_url_is_refused_with_its_reason(String url, String reason) {
        assertThatThrownBy(() -> EndpointUrls.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/hook", "http://[::1]/hook", "http://localhost/hook"})
    void loopback_receivers_are_refused_unless_allowed(String url) {
        URI uri = EndpointUrls.parse(url);
        assertThatThrownBy(() -> EndpointUrls.requireAllowedHost(uri, false)).hasMessageContaining("a loopback address");
        assertThatCode(() -> EndpointUrls.requireAllowedHost(uri, true)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.10/", "http://169.254.169.254/latest",
            "http://[fe80::1]/", "http://[fd12:3456::1]/", "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/",
            "http://[::ffff:10.0.0.1]/"})
    void private_link_local_and_reserved_addresses_are_refused_even_when_loopback_is_allowed(String url) {
        URI uri = EndpointUrls.parse(url);
        assertThatThrownBy(() -> EndpointUrls.requireAllowedHost(uri, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolves to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hooks/hackops", "http://[2606:2800:220:1:248:1893:25c8:1946]:8443/h"})
    void a_public_address_is_accepted(String url) {
        assertThat(EndpointUrls.parse(url).getScheme()).startsWith("http");
        assertThatCode(() -> EndpointUrls.requireAllowedHost(EndpointUrls.parse(url), false)).doesNotThrowAnyException();
    }
}
