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
 * writing the answer (BENCHMARKS.md, <i>Fewer writes and round trips per increment</i>). An answer is held up to
 * {@value #MAX_SIZED} bytes (a batch of 1,000 usage outcomes is ~130 KB at its widest); a larger one goes out as it is
 * written, chunked as before, so memory does not grow with an answer. A server-sent event's data is written by this
 * converter too, into a response that is already committed, where the length is not sent.
 * <p>
 * Replaces Spring Boot's Jackson converter (which steps back when an application declares one) and keeps
 * everything else it does: the application's {@link ObjectMapper}, JSON views, {@code application/problem+json}.
 */
@Configuration(proxyBeanMethods = false)
public class SizedJsonAnswers {

    /** The largest answer sent with its length. */
    static final int MAX_SIZED = 256 * 1024;

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
            SizedBody body = new SizedBody(message);
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
            body.finish();
        }
    }

    /** Holds an answer until it is complete, or until it outgrows {@link #MAX_SIZED}: then it streams. */
    private static final class SizedBody extends OutputStream {

        private final HttpOutputMessage message;
        private final FastByteArrayOutputStream held = new FastByteArrayOutputStream(256);
        private OutputStream streaming;

        SizedBody(HttpOutputMessage message) {
            this.message = message;
        }

        @Override
        public void write(int b) throws IOException {
            target(1).write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target(length).write(bytes, offset, length);
        }

        private OutputStream target(int more) throws IOException {
            if (streaming == null && held.size() + more > MAX_SIZED) {
                streaming = message.getBody(); // the headers go without a length: Tomcat chunks the answer
                held.writeTo(streaming);
            }
            return streaming != null ? streaming : held;
        }

        @Override
        public void flush() throws IOException {
            if (streaming != null) {
                streaming.flush();
            }
        }

        void finish() throws IOException {
            if (streaming == null) {
                message.getHeaders().setContentLength(held.size());
                held.writeTo(message.getBody());
            }
        }
    }
}
