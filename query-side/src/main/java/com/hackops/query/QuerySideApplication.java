package com.hackops.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The query side: projections from Kafka into row-level-secured read models, and the query API. */
// the HTTP edge both services share (platform-web) is scanned with this service's own packages
@SpringBootApplication(scanBasePackages = {"com.hackops.query", "com.hackops.platform"})
@ConfigurationPropertiesScan({"com.hackops.query", "com.hackops.platform"})
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
