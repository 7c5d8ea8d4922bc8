package com.hackops.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web layer's JSON refuses U+0000 in every string it reads — fields, list items, nested objects — and nothing else. */
class NoNulTextTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new NoNulText().noNulInStrings());

    record Named(String name, List<String> tags, Map<String, Named> children) {
    }

    @Test
    void text_without_nul_reads_as_it_is_even_other_control_characters() throws Exception {
        Named named = json.readValue("{\"name\":\"a\\u0007b\\n\",\"tags\":[\"x\",null],\"children\":{}}", Named.class);
        assertThat(named.name()).isEqualTo("a\u0007b\n");
        assertThat(named.tags()).containsExactly("x", null);
    }

    @Test
    void nul_anywhere_in_a_string_is_refused() {
        for (String body : List.of("{\"name\":\"EVENTS\\u0000\"}", "{\"tags\":[\"ok\",\"\\u0000\"]}",
                "{\"children\":{\"k\":{\"name\":\"a\\u0000\"}}}")) {
            assertThatThrownBy(() -> json.readValue(body, Named.class)).as(body)
                    .isInstanceOf(InvalidFormatException.class).hasMessageContaining(NoNulText.REFUSAL);
        }
    }
}
