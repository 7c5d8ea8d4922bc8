package com.hackops.query.web;

import com.hackops.platform.security.CallerArgumentResolver;
import com.hackops.query.adminaccess.PlatformAdminAccessInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Controllers receive the verified caller as a parameter; platform admins' requests are recorded before they are
 * handled.
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
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callers);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // after the rate limiter (security.RateLimitInterceptor, order 0): a request it refuses reads nothing
        registry.addInterceptor(adminAccess).addPathPatterns("/api/**").order(1);
    }
}
