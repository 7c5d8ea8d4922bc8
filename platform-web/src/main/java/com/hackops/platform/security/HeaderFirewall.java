package com.hackops.platform.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall on both services, with its default rules, answering its header checks without a regular
 * expression when a header is printable ASCII. The default checks every header name and value a request carries
 * against a pattern of Unicode categories, one character predicate after another: 7 % of the command side's request
 * threads under S2, most of it the bearer token's few hundred characters (BENCHMARKS.md). A name or value made only of
 * printable ASCII (and, for values, tabs) is one the patterns accept; anything else is asked of Spring Security's own
 * checks ({@link StrictHttpFirewall#ALLOWED_HEADER_NAMES}, {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES}), so what
 * is accepted and refused is unchanged. Spring Security uses an {@code HttpFirewall} bean when there is exactly one
 * (with two, it would silently use its default).
 */
@Configuration(proxyBeanMethods = false)
public class HeaderFirewall {

    @Bean
    static StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderFirewall::allowedName);
        firewall.setAllowedHeaderValues(HeaderFirewall::allowedValue);
        return firewall;
    }

    static boolean allowedName(String name) {
        return printableAscii(name, false) || StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(name);
    }

    static boolean allowedValue(String value) {
        return printableAscii(value, true) || StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value);
    }

    private static boolean printableAscii(String text, boolean tabs) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7e) && !(tabs && c == '\t')) {
                return false;
            }
        }
        return true;
    }
}
