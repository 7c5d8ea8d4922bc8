package com.hackops.platform.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What each service's 400 says about a body Jackson could not read: the field and what was wrong with it. */
class JsonErrorsTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new NoNulText().noNulInStrings())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    enum Kind { SMALL, LARGE }

    record Item(Kind kind, long count) {
    }

    record Body(String name, List<Item> items) {
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"colour\":1}                               | Unknown field 'colour'.",
            "{\"name\":\"a\\u0000\"}                      | Field 'name' has an invalid value: text must not contain the NUL character (U+0000).",
            "{\"items\":[{\"kind\":\"HUGE\"}]}            | Field 'items[0].kind' has an invalid value. Allowed: SMALL, LARGE.",
            "{\"items\":[{\"count\":\"many\"}]}           | Field 'items[0].count' has an invalid value.",
            "{\"items\":{}}                               | Field 'items' has the wrong type or is missing.",
            "[]                                           | The body must be a JSON object.",
            "{\"name\":                                   | The body is not valid JSON."})
    void names_the_field_and_the_reason(String body, String said) {
        Throwable failure = catchThrowable(() -> json.readValue(body.strip(), Body.class));
        assertThat(failure).as(body).isNotNull();
        assertThat(JsonErrors.describe(failure)).isEqualTo(said);
    }

    @Test
    void without_a_cause_the_body_is_missing_or_unreadable() {
        assertThat(JsonErrors.describe(null)).isEqualTo("The request body is missing or unreadable.");
    }
}
