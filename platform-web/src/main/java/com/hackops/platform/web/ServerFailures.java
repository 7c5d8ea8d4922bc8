package com.hackops.platform.web;

import com.hackops.platform.failures.Causes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver;
import org.springframework.web.util.DisconnectedClientHelper;

import java.io.IOException;
import java.util.List;

/**
 * A failed request is a 500, never a 200. Spring MVC (6.1+) takes any unhandled exception whose causes mention
 * "connection reset by peer" or "broken pipe", or contain an {@code EOFException}, for a client that went away, and
 * ends the request with 200 and an empty body. Such causes come from the <em>database</em> connection (a reset, a
 * PostgreSQL restart): on the command side, while a command appended its events, the command recorded nothing, yet
 * its caller saw success and did not retry — an acknowledged change that was lost (found by the chaos suite,
 * {@code infra/chaos}); on the query side a failed read or admin call would be answered with 200 and nothing. This
 * resolver runs just before Spring's {@link DefaultHandlerExceptionResolver} and answers such failures with a 500
 * (the error path's problem document, {@link ProblemErrorController}, as for every other unhandled exception), unless
 * the client really did go away while its answer was being written (a closed live stream, for instance).
 */
@Configuration(proxyBeanMethods = false)
class ServerFailures implements WebMvcConfigurer {

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        int position = 0;
        while (position < resolvers.size() && !(resolvers.get(position) instanceof DefaultHandlerExceptionResolver)) {
            position++;
        }
        resolvers.add(position, new NotADisconnectedClient());
    }

    static final class NotADisconnectedClient implements HandlerExceptionResolver {

        private static final Logger log = LoggerFactory.getLogger(ServerFailures.class);
        private static final String CLIENT_ABORT = "org.apache.catalina.connector.ClientAbortException";

        @Override
        public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                             Exception failure) {
            if (!DisconnectedClientHelper.isClientDisconnectedException(failure) || writingToClientFailed(failure)) {
                return null;
            }
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), failure);
            try {
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            } catch (IOException | IllegalStateException e) {
                return null; // the response is already committed: nothing better to do than Spring's default
            }
            return new ModelAndView();
        }

        /** The client's own connection failed (its answer could not be written), not a connection of ours. */
        private static boolean writingToClientFailed(Throwable failure) {
            return Causes.any(failure,
                    t -> t instanceof AsyncRequestNotUsableException || t.getClass().getName().equals(CLIENT_ABORT));
        }
    }
}
