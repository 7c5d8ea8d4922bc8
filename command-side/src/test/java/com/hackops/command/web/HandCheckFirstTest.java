package com.hackops.command.web;

import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

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
        new HandCheckFirst(full).validate(new Body(true), errors);
        new HandCheckFirst(full).validate(new Body(true), errors, "hint");
        assertThat(full.calls).isEmpty();
        assertThat(errors.hasErrors()).isFalse();
    }

    @Test
    void a_body_that_fails_its_check_gets_the_full_validators_errors_and_hints() {
        Full full = new Full();
        Body body = new Body(false);
        Errors errors = new BeanPropertyBindingResult(body, "body");
        new HandCheckFirst(full).validate(body, errors);
        new HandCheckFirst(full).validate(body, errors, "hint");
        assertThat(full.calls).hasSize(2);
        assertThat(full.calls.get(0)).isEmpty();
        assertThat(full.calls.get(1)).containsExactly("hint");
        assertThat(errors.getFieldErrors("meets")).extracting(error -> error.getDefaultMessage())
                .containsOnly("found by the full validator");
    }

    @Test
    void any_other_target_is_the_full_validators_as_before() {
        Full full = new Full();
        HandCheckFirst validator = new HandCheckFirst(full);
        Other other = new Other(true);
        validator.validate(other, new BeanPropertyBindingResult(other, "other"));
        assertThat(full.calls).hasSize(1);
        assertThat(validator.supports(Body.class)).isTrue();
        assertThat(validator.supports(Other.class)).isTrue();
        assertThat(validator.supports(String.class)).isFalse();
    }

    /** Spring asks a binder's validators whether they are Bean Validation's, to leave method validation to it alone. */
    @Test
    void it_unwraps_to_what_the_full_validator_unwraps_to() {
        jakarta.validation.Validator beanValidation = jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator();
        HandCheckFirst validator = new HandCheckFirst(new SpringValidatorAdapter(beanValidation));
        assertThat(validator.unwrap(jakarta.validation.Validator.class)).isSameAs(beanValidation);
        assertThat(new HandCheckFirst(new Full()).unwrap(jakarta.validation.Validator.class)).isNull();
    }

    record Other(boolean meets) {
    }
}
