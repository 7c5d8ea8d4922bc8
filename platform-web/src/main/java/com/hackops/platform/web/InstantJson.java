package com.hackops.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.hackops.events.wire.WireInstants;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Instant;

/**
 * Reads JSON instants in the form they are written ({@code Instant.toString()}'s) with {@link WireInstants} instead of
 * the JSR-310 module's {@code DateTimeFormatter}, which was 45 % of a read-model rebuild's CPU (BENCHMARKS.md). It
 * wraps the {@link InstantDeserializer} the JSR-310 module registered, whatever that module's features and in either
 * order of registration, and hands it everything else: any other token or text, typed (polymorphic) values, null and
 * empty values, and every property with a {@code @JsonFormat} or configured override that changes how it reads — so
 * what is read, refused and answered is unchanged. Spring Boot registers this module in the web layer's ObjectMapper
 * (the query side decodes events with a copy of it); the command side's Axon serializer registers {@link #module()}
 * itself.
 */
@Configuration(proxyBeanMethods = false)
public class InstantJson {

    @Bean
    Module wireInstants() {
        return module();
    }

    /** The module, for an ObjectMapper Spring does not build; it takes effect only beside the JSR-310 module. */
    public static Module module() {
        return new SimpleModule("wire-instants").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class && deserializer instanceof InstantDeserializer<?>
                        ? new Instants(deserializer) : deserializer;
            }
        });
    }

    static final class Instants extends DelegatingDeserializer {

        Instants(JsonDeserializer<?> general) {
            super(general);
        }

        /** A deserializer contextualized differently (a format, a leniency) is used as it is, without this path. */
        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> contextual) {
            return contextual;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant written = WireInstants.parseWritten(parser.getText());
                if (written != null) {
                    return written;
                }
            }
            return _delegatee.deserialize(parser, context);
        }
    }
}
