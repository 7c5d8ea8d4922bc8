package com.hackops.query.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points every test application context at this JVM's database, topic and broker (see spring.factories). */
public class TestInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getEnvironment().getProperty("hackops.test.infrastructure", Boolean.class, false)) {
            TestPropertyValues.of(
                    "spring.datasource.url=" + TestInfrastructure.databaseUrl(),
                    "hackops.audit.event-store.url=" + TestInfrastructure.eventStoreUrl(),
                    "spring.kafka.bootstrap-servers=" + TestInfrastructure.BOOTSTRAP,
                    "hackops.kafka.topic=" + TestInfrastructure.topic(),
                    "hackops.kafka.group-id=projections-" + TestInfrastructure.databaseName(),
                    "hackops.webhooks.group-id=webhooks-" + TestInfrastructure.databaseName(),
                    "hackops.webhooks.allow-loopback=true").applyTo(context);
        }
    }
}
