package com.hackops.platform.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers the verified {@link Caller}: {@code sub} is the user id, the boolean claim
 * {@code platform_admin} marks platform administrators, {@code email} is optional.
 */
@Component
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ApiKeyAuthentication key) {
            return Caller.of(key.grant());
        }
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("no verified token on an authenticated endpoint");
        }
        var jwt = token.getToken();
        return new Caller(jwt.getSubject(), Boolean.TRUE.equals(jwt.getClaimAsBoolean("platform_admin")),
                jwt.getClaimAsString("email"));
    }
}
