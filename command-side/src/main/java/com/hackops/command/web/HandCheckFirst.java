package com.hackops.command.web;

import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;

/**
 * Validates a {@link HandChecked} body by its own check first and with the full validator only when that check
 * fails: a valid body costs a loop instead of Bean Validation's walk (a usage batch's 1,000 items were 12 % of a
 * batch call's handling), an invalid one gets exactly the errors it got before. Install it with
 * {@code @InitBinder} for the bodies that are worth it.
 */
public final class HandCheckFirst implements SmartValidator {

    private final Validator full;

    public HandCheckFirst(Validator full) {
        this.full = full;
    }

    @Override
    public boolean supports(Class<?> type) {
        return HandChecked.class.isAssignableFrom(type) && full.supports(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        if (!((HandChecked) target).meetsItsConstraints()) {
            full.validate(target, errors);
        }
    }

    @Override
    public void validate(Object target, Errors errors, Object... hints) {
        if (((HandChecked) target).meetsItsConstraints()) {
            return;
        }
        if (full instanceof SmartValidator smart) {
            smart.validate(target, errors, hints);
        } else {
            full.validate(target, errors);
        }
    }
}
