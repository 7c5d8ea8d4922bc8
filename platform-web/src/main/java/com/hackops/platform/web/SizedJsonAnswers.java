package com.hackops.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.util.FastByteArrayOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * JSON answers carry a {@code Content-Length}: the body is serialized before the headers go out, so Tomcat sends
 * the answer in one write. Spring's converter streams into the response and flushes it, which commits a chunked
 * answer whose end Tomcat then writes apart: two socket writes per request, most of what the request threads spent
 * writing the answer (BENCHMARKS.md, <i>Fewer writes and round trips per increment</i>). The answers of both
 * services are small (pages, not streams); a server-sent event's data is written by this converter too, into a
 * response that is already committed, where the length is not sent.
 * <p>
 * Replaces Spring Boot's Jackson converter (which steps back when an application declares one) and keeps
 * everything else it does: the application's {@link ObjectMapper}, JSON views, {@code application/problem+json}.
 */
@Configuration(proxyBeanMethods = false)
public class SizedJsonAnswers {

    @Bean
    MappingJackson2HttpMessageConverter sizedJsonConverter(ObjectMapper json) {
        return new Converter(json);
    }

    static final class Converter extends MappingJackson2HttpMessageConverter {

        Converter(ObjectMapper json) {
            super(json);
        }

        @Override
        protected void writeInternal(Object object, Type type, HttpOutputMessage message) throws IOException {
            FastByteArrayOutputStream body = new FastByteArrayOutputStream(256);
            super.writeInternal(object, type, new HttpOutputMessage() {
                @Override
                public OutputStream getBody() {
                    return body;
                }

                @Override
                public HttpHeaders getHeaders() {
                    return message.getHeaders();
                }
            });
            message.getHeaders().setContentLength(body.size());
            body.writeTo(message.getBody());
        }
    }
}
