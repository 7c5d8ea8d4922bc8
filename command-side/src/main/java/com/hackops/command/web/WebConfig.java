package com.hackops.command.web;

import com.hackops.command.security.CallerArgumentResolver;
import com.hackops.events.types.TenantId;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Path variables become {@link TenantId}s; controllers receive the verified caller as a parameter. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final CallerArgumentResolver callers;

    WebConfig(CallerArgumentResolver callers) {
        this.callers = callers;
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, TenantId.class, TenantId::of);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callers);
    }
}
