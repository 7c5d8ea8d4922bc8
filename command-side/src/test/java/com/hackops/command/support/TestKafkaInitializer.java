package com.hackops.command.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points every command-side context of the test JVM (also a second node a test starts itself) at the test broker
 * and this JVM's own topic (registered in spring.factories of the tests).
 */
public class TestKafkaInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("hackops.kafka.bootstrap-servers=" + TestKafka.BOOTSTRAP,
                "hackops.kafka.topic=" + TestKafka.topic()).applyTo(context);
    }
}
