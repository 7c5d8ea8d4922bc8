package com.hackops.command.web;

import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A body that passes its own check is not handed to the full validator; one that fails gets the full validator's errors. */
class HandCheckFirstTest {

    record Body(boolean meets) implements HandChecked {
        @Override
        public boolean meetsItsConstraints() {
            return meets;
        }
    }

    /** Stands for Bean Validation: finds an error in every body it is given, and remembers the hints. */
    static final class Full implements SmartValidator {
        final List<Object[]> calls = new ArrayList<>();

        @Override
        public boolean supports(Class<?> type) {
            return type != String.class;
        }

        @Override
        public void validate(Object target, Errors errors) {
            validate(target, errors, new Object[0]);
        }

        @Override
        public void validate(Object target, Errors errors, Object... hints) {
            calls.add(hints);
            errors.rejectValue("meets", "invalid", "found by the full validator");
        }
    }

    @Test
    void a_body_that_meets_its_constraints_skips_the_full_validator() {
        Full full = new Full();
        Errors errors = new BeanPropertyBindingResult(new Body(true), "body");
        new HandCheckFirst(full).validate(new Body(true), errors, "hint");
        assertThat(full.calls).isEmpty();
        assertThat(errors.hasErrors()).isFalse();
    }

    @Test
    void a_body_that_fails_its_check_gets_the_full_validators_errors_and_hints() {
        Full full = new Full();
        Body body = new Body(false);
        Errors errors = new BeanPropertyBindingResult(body, "body");
        new HandCheckFirst(full).validate(body, errors, "hint");
        assertThat(full.calls).singleElement().satisfies(hints -> assertThat(hints).containsExactly("hint"));
        assertThat(errors.getFieldError("meets").getDefaultMessage()).isEqualTo("found by the full validator");
    }

    @Test
    void it_supports_only_bodies_that_check_themselves_and_the_full_validator_supports() {
        HandCheckFirst validator = new HandCheckFirst(new Full());
        assertThat(validator.supports(Body.class)).isTrue();
        assertThat(validator.supports(Object.class)).isFalse();
        assertThat(validator.supports(String.class)).isFalse();
    }
}
