package com.hackops.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The command side: REST command API, the Tenant aggregate, the PostgreSQL event store. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CommandSideApplication {

    public static void main(String[] args) {
        // no phoning home from a metering service (and this network has no route out anyway)
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
