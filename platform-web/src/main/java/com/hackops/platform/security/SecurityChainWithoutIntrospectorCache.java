package com.hackops.platform.security;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

import java.util.List;

/**
 * Spring Security's filter chain as {@link EnableWebSecurity} defines it, without the filter that Spring Security 6.5
 * puts in front of it whenever Spring MVC is present: {@code HandlerMappingIntrospector}'s cache filter, which looks
 * up the handler of every request before the chain runs so that MVC request matchers and CORS can read it. The
 * dispatcher then looks the handler up again for itself. Nothing here reads that cache: every path both services'
 * chains match is a {@code PathPatternRequestMatcher} (their {@code ArchitectureTest}s refuse the path strings that
 * Spring Security would make MVC matchers of), matched against the path that the chain's own
 * {@code ServletRequestPathFilter} parses, which stays; neither service configures CORS. The look-up was 6.0 % of the
 * command side's request threads under S2 and 7.3 % of the query side's (BENCHMARKS.md), and Spring Security has no
 * setting for it (it goes with Spring Security 7, where the introspector is deprecated).
 * <p>
 * How: Spring Security's registry post-processor replaces the chain's bean definition by a composite of the cache
 * filter and the original definition; this post-processor, which runs after every registry post-processor, puts the
 * original back. Where the composite is not there in exactly that shape (another Spring Security version), it changes
 * nothing, and {@code SecurityChainWithoutIntrospectorCacheTest} fails, so that an upgrade looks at this again.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityChainWithoutIntrospectorCache {

    /** The chain's bean, and the class of Spring Security's wrapper around it. */
    public static final String CHAIN = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;
    public static final String COMPOSITE = "org.springframework.security.config.annotation.web.configuration."
            + "WebMvcSecurityConfiguration$CompositeFilterChainProxy";
    static final String CACHE_FILTER = "org.springframework.security.config.annotation.web.configuration."
            + "WebMvcSecurityConfiguration$HandlerMappingIntrospectorCacheFilterFactoryBean";

    @Bean
    static BeanFactoryPostProcessor springSecurityFilterChainUnwrapped() {
        return beanFactory -> {
            if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(CHAIN)) {
                BeanDefinition original = wrapped(registry.getBeanDefinition(CHAIN));
                if (original != null) {
                    registry.removeBeanDefinition(CHAIN);
                    registry.registerBeanDefinition(CHAIN, original);
                }
            }
        };
    }

    /** The chain's own definition inside Spring Security's composite of [cache filter, chain]; null for anything else. */
    private static BeanDefinition wrapped(BeanDefinition chain) {
        if (!COMPOSITE.equals(chain.getBeanClassName())) {
            return null;
        }
        ConstructorArgumentValues.ValueHolder argument =
                chain.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
        if (argument == null || !(argument.getValue() instanceof List<?> filters) || filters.size() != 2
                || !(filters.get(0) instanceof BeanDefinition cache) || !CACHE_FILTER.equals(cache.getBeanClassName())
                || !(filters.get(1) instanceof BeanDefinition original)) {
            return null;
        }
        return original;
    }
}
