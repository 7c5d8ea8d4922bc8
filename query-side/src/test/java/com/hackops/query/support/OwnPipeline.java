package com.hackops.query.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A query side with a database, topic and consumer group of its own, for tests that must see every record
 * themselves: live pushes and lag gauges come from the instance that applies a record, and other contexts of this
 * JVM share the common topic's consumer group. Test classes annotated with {@link OwnPipelineTest} share one such
 * context (with the dev sign-in enabled).
 */
public final class OwnPipeline {

    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static String databaseUrl;

    private OwnPipeline() {
    }

    public static String topic() {
        return "tenant-events-own-" + RUN;
    }

    /** The own read-model database (created on first use). */
    public static synchronized String databaseUrl() {
        if (databaseUrl == null) {
            databaseUrl = TestInfrastructure.extraDatabaseUrl("own");
            createTopic();
        }
        return databaseUrl;
    }

    private static void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic(), TestInfrastructure.PARTITIONS, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic() + " on " + TestInfrastructure.BOOTSTRAP, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.BOOTSTRAP))) {
                admin.deleteTopics(List.of(topic())).all().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the broker may already be gone at JVM exit; a leftover topic of a finished run harms nothing
            }
        }));
    }

    /** Points the context at the own database, topic and group (the common initializer stays off for it). */
    public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                    "spring.datasource.url=" + databaseUrl(),
                    "hackops.audit.event-store.url=" + TestInfrastructure.eventStoreUrl(),
                    "spring.kafka.bootstrap-servers=" + TestInfrastructure.BOOTSTRAP,
                    "hackops.kafka.topic=" + topic(),
                    "hackops.kafka.group-id=projections-own-" + RUN).applyTo(context);
        }
    }
}
