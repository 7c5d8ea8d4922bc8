package com.hackops.command.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points every test application context at {@link TestDatabase} (registered in spring.factories of the tests). */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getEnvironment().getProperty("hackops.test.database", Boolean.class, false)) {
            TestPropertyValues.of("spring.datasource.url=" + TestDatabase.url()).applyTo(context);
        }
    }
}
