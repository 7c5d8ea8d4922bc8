package com.hackops.query.support;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The query side on its own database, topic and consumer group ({@link OwnPipeline}), with the dev sign-in on,
 * live-stream heartbeats every 200 ms and metrics exported (Spring Boot turns exporters off in tests unless asked).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hackops.dev.sign-in.enabled=true", "hackops.dashboard.heartbeat=PT0.2S"})
@ContextConfiguration(initializers = OwnPipeline.Initializer.class)
@AutoConfigureObservability(tracing = false)
public @interface OwnPipelineTest {
}
