package com.hackops.platform.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Turns a body Jackson could not read into one sentence a client can act on (both services' 400 answers). */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** {@code cause}: what Jackson threw (the cause of Spring's {@code HttpMessageNotReadableException}), or null. */
    public static String describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '%s'.".formatted(unknown.getPropertyName());
        }
        if (cause instanceof InvalidFormatException invalid && invalid.getValue() instanceof String text
                && !NoNulText.storable(text)) {
            return "Field '%s' has an invalid value: %s.".formatted(path(invalid), NoNulText.REFUSAL);
        }
        if (cause instanceof InvalidFormatException invalid) {
            String allowed = invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                    ? " Allowed: " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", ")) + "."
                    : "";
            return "Field '%s' has an invalid value.%s".formatted(path(invalid), allowed);
        }
        if (cause instanceof MismatchedInputException mismatched && mismatched.getPath().isEmpty()) {
            return "The body must be a JSON object.";
        }
        if (cause instanceof MismatchedInputException mismatched) {
            return "Field '%s' has the wrong type or is missing.".formatted(path(mismatched));
        }
        if (cause instanceof JsonParseException) {
            return "The body is not valid JSON.";
        }
        if (cause instanceof JsonMappingException mapping) {
            return "Field '%s' could not be read.".formatted(path(mapping));
        }
        return "The request body is missing or unreadable.";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
