package com.hackops.platform.testing;

import com.hackops.platform.security.SecurityChainWithoutIntrospectorCache;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.FilterChainProxy;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasParameterTypes.Predicates.rawParameterTypes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** What both services' security chains hold to, now that the introspector's cache is gone (platform-web). */
public final class SecurityChainRules {

    /**
     * Spring Security turns path strings into MVC matchers, which look each request's handler up (through the
     * introspector's cache, which {@link SecurityChainWithoutIntrospectorCache} removes): paths are matched as
     * {@code PathPatternRequestMatcher}s instead.
     */
    public static final ArchRule PATHS_AS_PATTERNS_NOT_STRINGS = noClasses()
            .should().callMethodWhere(target(name("securityMatcher").or(name("requestMatchers")))
                    .and(target(rawParameterTypes(String[].class)).or(target(rawParameterTypes(HttpMethod.class, String[].class)))));

    private SecurityChainRules() {
    }

    /** The service's filter chain is Spring Security's own, not wrapped in the introspector's cache filter. */
    public static void assertUnwrapped(ApplicationContext service) {
        Object chain = service.getBean(SecurityChainWithoutIntrospectorCache.CHAIN);
        assertThat(chain).isInstanceOf(FilterChainProxy.class);
        assertThat(chain.getClass().getName()).isNotEqualTo(SecurityChainWithoutIntrospectorCache.COMPOSITE);
    }
}
