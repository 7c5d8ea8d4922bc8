package com.hackops.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The command side: REST command API, the Tenant aggregate, the PostgreSQL event store. */
// the HTTP edge both services share (platform-web) is scanned with this service's own packages
@SpringBootApplication(scanBasePackages = {"com.hackops.command", "com.hackops.platform"})
@ConfigurationPropertiesScan({"com.hackops.command", "com.hackops.platform"})
@EnableScheduling
public class CommandSideApplication {

    public static void main(String[] args) {
        // no phoning home from a metering service (and this network has no route out anyway)
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
