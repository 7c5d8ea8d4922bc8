package com.hackops.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/**
 * PostgreSQL's {@code text} cannot hold U+0000, and JSON can: a request body with the NUL character in any string
 * is refused as unreadable input (400 problem+json) at the door, before it can reach a table of the command side or
 * an event whose read models could not store it (the projection would park it). Found by {@code GeneratedBadInputIT}:
 * an API key named {@code "EVENTS\u0000"} was a 500. Spring Boot registers this module with the web layer's
 * ObjectMapper only; Axon's serializer, which reads what the store already holds, keeps its own.
 */
@Configuration(proxyBeanMethods = false)
public class NoNulText {

    public static final String REFUSAL = "text must not contain the NUL character (U+0000)";

    @Bean
    Module noNulInStrings() {
        return new SimpleModule("no-nul-text").addDeserializer(String.class, new Strings());
    }

    /** Whether {@code value} is text PostgreSQL can store. */
    public static boolean storable(String value) {
        return value == null || value.indexOf('\0') < 0;
    }

    static final class Strings extends StdScalarDeserializer<String> {

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (!storable(value)) {
                throw InvalidFormatException.from(parser, REFUSAL, value, String.class);
            }
            return value;
        }
    }
}
