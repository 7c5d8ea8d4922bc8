package com.hackops.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the request's correlation id and tenant into the logging context (MDC {@code correlationId},
 * {@code tenantId}) for every log line written while the request is handled. The correlation id is the caller's
 * {@code X-Correlation-Id} when it is a sane token, else a new UUID; either way it is echoed in the response, so a
 * client can quote it. The tenant comes from the path only. Runs before security, so 401s carry the id too. On the
 * command side commands run on the request thread (Axon's local command bus), so the aggregate's log lines carry
 * both as well.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    static final String CORRELATION_ID = "correlationId";
    static final String TENANT_ID = "tenantId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:@+=/-]{1,128}");
    private static final Pattern TENANT_IN_PATH = Pattern.compile(
            "/(?:tenants|parked)/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:/|$)");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(HEADER);
        String correlationId = offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        response.setHeader(HEADER, correlationId);
        MDC.put(CORRELATION_ID, correlationId);
        Matcher tenant = TENANT_IN_PATH.matcher(request.getRequestURI());
        if (tenant.find()) {
            MDC.put(TENANT_ID, tenant.group(1).toLowerCase());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CORRELATION_ID);
            MDC.remove(TENANT_ID);
        }
    }
}
