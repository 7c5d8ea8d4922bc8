package com.hackops.command.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The test broker (infra/test starts it and exports HACKOPS_KAFKA_BOOTSTRAP) and the topics of this test JVM:
 * each has a random name and is deleted when the JVM exits, so runs never see each other's records.
 */
public final class TestKafka {

    public static final String BOOTSTRAP = System.getenv().getOrDefault("HACKOPS_KAFKA_BOOTSTRAP", "127.0.0.1:19092");

    private static final Set<String> TOPICS = ConcurrentHashMap.newKeySet();
    private static String topic;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::deleteAll, "delete-test-topics"));
    }

    private TestKafka() {
    }

    /** The topic the command side of this JVM publishes to. */
    public static synchronized String topic() {
        if (topic == null) {
            topic = newTopicName("tenant-events");
        }
        return topic;
    }

    /** A fresh topic name, deleted (if it was created) when the JVM exits. */
    public static String newTopicName(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TOPICS.add(name);
        return name;
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.CLIENT_ID_CONFIG, "command-side-tests"));
    }

    private static void deleteAll() {
        if (TOPICS.isEmpty()) {
            return;
        }
        Admin admin = admin();
        try {
            admin.deleteTopics(TOPICS).topicNameValues().values().forEach(deletion -> {
                try {
                    deletion.get(5, TimeUnit.SECONDS);
                } catch (Exception notCreatedOrBrokerGone) {
                    // nothing to clean up, or nothing we can do at exit
                }
            });
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
