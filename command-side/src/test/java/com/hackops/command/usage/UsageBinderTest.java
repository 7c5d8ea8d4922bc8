package com.hackops.command.usage;

import com.hackops.command.usage.UsageController.BatchUsageRequest;
import com.hackops.command.usage.UsageController.UsageRequest;
import com.hackops.command.web.HandCheckFirst;
import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.core.Conventions;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.annotation.InitBinderDataBinderFactory;
import org.springframework.web.method.support.InvocableHandlerMethod;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage bodies' binders get {@link HandCheckFirst}, as Spring MVC builds them: the binder names Spring gives
 * the two bodies are the ones {@code @InitBinder} lists, and a valid body never reaches the validator Spring MVC
 * installed, an invalid one does.
 */
class UsageBinderTest {

    /** Stands for Spring MVC's validator: remembers what it was asked to validate. */
    static final class Installed implements Validator {
        final List<Object> validated = new ArrayList<>();

        @Override
        public boolean supports(Class<?> type) {
            return true;
        }

        @Override
        public void validate(Object target, Errors errors) {
            validated.add(target);
        }
    }

    @Test
    void the_binder_names_of_both_bodies_are_the_ones_the_init_binder_lists() throws Exception {
        List<String> listed = List.of(initBinder().getAnnotation(InitBinder.class).value());
        Method track = UsageController.class.getDeclaredMethod("track", TenantId.class, UsageRequest.class, String.class, Caller.class);
        Method trackBatch = UsageController.class.getDeclaredMethod("trackBatch", TenantId.class, BatchUsageRequest.class,
                String.class, Caller.class);
        assertThat(List.of(Conventions.getVariableNameForParameter(new MethodParameter(track, 1)),
                Conventions.getVariableNameForParameter(new MethodParameter(trackBatch, 1))))
                .containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void a_valid_body_skips_the_installed_validator_and_an_invalid_one_reaches_it() throws Exception {
        Installed installed = new Installed();
        BatchUsageRequest valid = new BatchUsageRequest(List.of(new UsageRequest(Metric.EVENTS, 1L, null)));
        BatchUsageRequest invalid = new BatchUsageRequest(List.of(new UsageRequest(Metric.EVENTS, null, null)));
        UsageRequest single = new UsageRequest(Metric.PARTICIPANTS, -1L, null);
        for (Object body : List.of(valid, invalid, single)) {
            WebDataBinder binder = binderFor(body, Conventions.getVariableName(body), installed);
            assertThat(binder.getValidators()).singleElement().isInstanceOf(HandCheckFirst.class);
            binder.validate();
        }
        assertThat(installed.validated).containsExactly(invalid);
    }

    /** A binder as Spring MVC makes one for a request body: the global initializer first, then the controller's. */
    private static WebDataBinder binderFor(Object body, String name, Validator installed) throws Exception {
        ConfigurableWebBindingInitializer initializer = new ConfigurableWebBindingInitializer();
        initializer.setValidator(installed);
        UsageController controller = new UsageController(null, null, null);
        InitBinderDataBinderFactory factory = new InitBinderDataBinderFactory(
                List.of(new InvocableHandlerMethod(controller, initBinder())), initializer);
        return factory.createBinder(new ServletWebRequest(new MockHttpServletRequest()), body, name);
    }

    private static Method initBinder() throws NoSuchMethodException {
        return UsageController.class.getDeclaredMethod("checkByHandFirst", WebDataBinder.class);
    }
}
