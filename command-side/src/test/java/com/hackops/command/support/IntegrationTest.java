package com.hackops.command.support;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The command side started for real on a random port against this JVM's own PostgreSQL database. Every test
 * class with this annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hackops.test.database=true")
@ExtendWith(SpringExtension.class)
// metrics exported as in production (/actuator/prometheus); Spring Boot turns exporters off in tests unless asked
@AutoConfigureObservability(tracing = false)
public @interface IntegrationTest {
}
