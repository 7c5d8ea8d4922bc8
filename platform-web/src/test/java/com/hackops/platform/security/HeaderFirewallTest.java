package com.hackops.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.test.util.ReflectionTestUtils;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HeaderFirewall} accepts and refuses exactly the header names and values Spring Security's default firewall
 * does — printable ASCII answered without the patterns, everything else by them — and is the firewall Spring
 * Security's configuration takes.
 */
class HeaderFirewallTest {

    private static final HttpFirewall DEFAULT = new StrictHttpFirewall();
    private static final HttpFirewall OURS = HeaderFirewall.httpFirewall();

    @Property(tries = 5_000)
    void a_header_value_is_accepted_exactly_when_the_default_accepts_it(@ForAll("texts") String value) {
        assertThat(valueAccepted(OURS, value)).isEqualTo(valueAccepted(DEFAULT, value));
    }

    @Property(tries = 5_000)
    void a_header_name_is_accepted_exactly_when_the_default_accepts_it(@ForAll("texts") String name) {
        assertThat(nameAccepted(OURS, name)).isEqualTo(nameAccepted(DEFAULT, name));
    }

    @Example
    void the_edges_of_printable_ascii_and_beyond() {
        for (String text : List.of("", " ", "~", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "a\tb", "\t", "a\u007fb",
                "\u001f", "\u0080", "\u009f", "\u00a0", "caf\u00e9", "\u0085", "\u200b", "\ud83d\ude00", "\ud83d",
                "\ude00x", "\u0378", "\ufffe", "\uffff", "x\r\ny", "\u0000")) {
            assertThat(valueAccepted(OURS, text)).as("value %s", text).isEqualTo(valueAccepted(DEFAULT, text));
            assertThat(nameAccepted(OURS, text)).as("name %s", text).isEqualTo(nameAccepted(DEFAULT, text));
        }
        assertThat(valueAccepted(OURS, "a\tb")).isTrue();
        assertThat(nameAccepted(OURS, "a\tb")).isFalse();
        assertThat(valueAccepted(OURS, "a\u007fb")).isFalse();
        assertThat(valueAccepted(OURS, "caf\u00e9")).isTrue();
        assertThat(valueAccepted(OURS, "\u0378")).isFalse();
    }

    @Example
    void spring_security_takes_it_as_the_firewall() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class))
                .withUserConfiguration(HeaderFirewall.class)
                .run(context -> {
                    // the bean is a composite around the proxy that checks requests (no getter for its firewall)
                    Object proxy = ReflectionTestUtils.getField(context.getBean("springSecurityFilterChain"),
                            "springSecurityFilterChain");
                    assertThat(proxy).isInstanceOf(FilterChainProxy.class);
                    assertThat(ReflectionTestUtils.getField(proxy, "firewall"))
                            .isSameAs(context.getBean(HttpFirewall.class));
                });
    }

    /** Mostly printable ASCII, with ASCII controls, Latin-1, any UTF-16 unit (lone surrogates too) and code points. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(90, Arbitraries.chars().range(' ', '~').map(String::valueOf)),
                Tuple.of(4, Arbitraries.chars().range('\u0000', '\u007f').map(String::valueOf)),
                Tuple.of(3, Arbitraries.chars().range('\u0080', '\u00ff').map(String::valueOf)),
                Tuple.of(2, Arbitraries.chars().range(Character.MIN_VALUE, Character.MAX_VALUE).map(String::valueOf)),
                Tuple.of(1, Arbitraries.integers().between(Character.MIN_SUPPLEMENTARY_CODE_POINT,
                        Character.MAX_CODE_POINT).map(Character::toString)));
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(400),
                piece.list().ofMaxSize(60).map(pieces -> String.join("", pieces)),
                Arbitraries.chars().range(Character.MIN_VALUE, Character.MAX_VALUE).map(String::valueOf).list()
                        .ofMaxSize(20).map(pieces -> String.join("", pieces)));
    }

    private static boolean valueAccepted(HttpFirewall firewall, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.addHeader("X-Test", value);
        return accepted(() -> firewall.getFirewalledRequest(request).getHeader("X-Test"));
    }

    private static boolean nameAccepted(HttpFirewall firewall, String name) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.addHeader(name.isEmpty() ? "X-Empty" : name, "v");
        return accepted(() -> {
            HttpServletRequest firewalled = firewall.getFirewalledRequest(request);
            Collections.list(firewalled.getHeaderNames());
            firewalled.getHeader(name);
        });
    }

    private static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        } catch (RequestRejectedException rejected) {
            return false;
        }
    }
}
