package com.hackops.command.web;

import com.hackops.command.adminaccess.PlatformAdminAccessInterceptor;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.CallerArgumentResolver;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Path variables become {@link TenantId}s; controllers receive the verified caller as a parameter; platform admins'
 * requests to tenants are recorded before they are handled.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final CallerArgumentResolver callers;
    private final PlatformAdminAccessInterceptor adminAccess;

    WebConfig(CallerArgumentResolver callers, PlatformAdminAccessInterceptor adminAccess) {
        this.callers = callers;
        this.adminAccess = adminAccess;
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, TenantId.class, TenantId::of);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callers);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // after the rate limiter (security.RateLimitInterceptor, order 0): a request it refuses reaches no tenant
        registry.addInterceptor(adminAccess).addPathPatterns("/api/**").order(1);
    }
}
