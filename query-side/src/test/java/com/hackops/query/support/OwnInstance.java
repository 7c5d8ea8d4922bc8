package com.hackops.query.support;

import com.hackops.query.QuerySideApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

/**
 * A query-side instance started by a test itself, with a read database of its own (so it may rebuild without
 * touching the shared context's) and a consumer group of its own, on this JVM's event store and topic.
 */
public record OwnInstance(ConfigurableApplicationContext context, String databaseUrl, Api api) implements AutoCloseable {

    public static OwnInstance start(String purpose) {
        return start(TestInfrastructure.extraDatabaseUrl(purpose), purpose + "-" + UUID.randomUUID());
    }

    /** An instance on a given read database and consumer group (a restart: the same database and group again). */
    public static OwnInstance start(String database, String group) {
        return start(database, group, TestInfrastructure.eventStoreUrl());
    }

    /** An instance that audits and rebuilds from an event store of its own, with settings of its own. */
    public static OwnInstance start(String database, String group, String eventStore, String... settings) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0", "--spring.datasource.url=" + database,
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.BOOTSTRAP,
                "--hackops.kafka.topic=" + TestInfrastructure.topic(),
                "--hackops.kafka.group-id=" + group,
                "--hackops.audit.event-store.url=" + eventStore));
        args.addAll(java.util.List.of(settings));
        ConfigurableApplicationContext app = new SpringApplicationBuilder(QuerySideApplication.class)
                .run(args.toArray(String[]::new));
        return new OwnInstance(app, database, new Api(((WebServerApplicationContext) app).getWebServer().getPort()));
    }

    @Override
    public void close() {
        context.close();
    }
}
