package com.hackops.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.hackops.events.wire.WireInstants;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Instant;

/**
 * Reads JSON instants in the form they are written ({@code Instant.toString()}'s) with {@link WireInstants} instead of
 * the JSR-310 module's {@code DateTimeFormatter}, which was 45 % of a read-model rebuild's CPU; every other token or
 * text goes to the module's own {@link InstantDeserializer}, so what is read, refused and answered is unchanged (a
 * property with its own {@code @JsonFormat} gets the module's deserializer as well). Spring Boot registers this
 * module after the JSR-310 module in the web layer's ObjectMapper (the query side decodes events with a copy of it);
 * the command side's Axon serializer registers {@link #module()} itself.
 */
@Configuration(proxyBeanMethods = false)
public class InstantJson {

    @Bean
    Module wireInstants() {
        return module();
    }

    /** The module, for an ObjectMapper Spring does not build; register it after the JSR-310 module. */
    public static Module module() {
        return new SimpleModule("wire-instants").addDeserializer(Instant.class, new Instants());
    }

    static final class Instants extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

        private static final InstantDeserializer<Instant> GENERAL = InstantDeserializer.INSTANT;

        Instants() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant written = WireInstants.parseWritten(parser.getText());
                if (written != null) {
                    return written;
                }
            }
            return GENERAL.deserialize(parser, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = GENERAL.createContextual(context, property);
            return contextual == GENERAL ? this : contextual;
        }
    }
}
