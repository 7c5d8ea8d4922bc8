package com.hackops.platform.security;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class SecurityChainWithoutIntrospectorCacheTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withUserConfiguration(App.class);

    @Test
    void spring_security_puts_the_introspector_cache_in_front_of_its_chain_when_spring_mvc_is_present() {
        // what the post-processor undoes: if an upgrade stops doing it (or does it differently), look at it again
        web.run(context -> {
            assertThat(context).hasNotFailed();
            Object chain = context.getBean(SecurityChainWithoutIntrospectorCache.CHAIN);
            assertThat(chain.getClass().getName()).as("Spring Security's wrapper of its chain (an upgrade changed it?)")
                    .isEqualTo(SecurityChainWithoutIntrospectorCache.COMPOSITE);
            mvc(context, chain).perform(get("/open")).andExpect(status().isOk()).andExpect(content().string("cached"));
        });
    }

    @Test
    void with_it_no_request_is_looked_up_for_the_cache_and_the_chain_still_decides_every_request() {
        web.withUserConfiguration(SecurityChainWithoutIntrospectorCache.class).run(context -> {
            assertThat(context).hasNotFailed();
            Object chain = context.getBean(SecurityChainWithoutIntrospectorCache.CHAIN);
            // the chain as WebSecurityConfiguration defines it: the request path filter in front of the filter chains
            assertThat(chain.getClass().getName()).isEqualTo(
                    "org.springframework.security.config.annotation.web.configuration.WebSecurityConfiguration$CompositeFilterChainProxy");
            assertThat(((FilterChainProxy) chain).getFilterChains()).hasSize(1);

            MockMvc mvc = mvc(context, chain);
            mvc.perform(get("/open")).andExpect(status().isOk()).andExpect(content().string("not cached"));
            mvc.perform(get("/closed")).andExpect(status().isForbidden());
            mvc.perform(get("/elsewhere")).andExpect(status().isForbidden());
        });
    }

    private static MockMvc mvc(AssertableWebApplicationContext context, Object chain) {
        return MockMvcBuilders.webAppContextSetup((WebApplicationContext) context.getSourceApplicationContext())
                .addFilters((Filter) chain).build();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    static class App {

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
            return http.authorizeHttpRequests(auth -> auth
                    .requestMatchers(paths.matcher("/open")).permitAll()
                    .requestMatchers(paths.matcher("/closed")).authenticated()
                    .anyRequest().denyAll()).build();
        }

        @Bean
        Endpoints endpoints() {
            return new Endpoints();
        }
    }

    @RestController
    static class Endpoints {

        /** Whether the introspector's cache filter looked this request's handler up before the chain ran. */
        @GetMapping("/open")
        String open(HttpServletRequest request) {
            return Collections.list(request.getAttributeNames()).stream()
                    .anyMatch(name -> name.startsWith(HandlerMappingIntrospector.class.getName())) ? "cached" : "not cached";
        }

        @GetMapping("/closed")
        String closed() {
            return "closed";
        }
    }
}
