package com.hackops.command.eventstore;

import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The running service's Kafka publisher reads the store through {@link SignalledEventSource}: its stream's callback
 * is registered with the node's {@link AppendSignal}, which a command's commit signals.
 */
@IntegrationTest
class SignalledPublisherIT {

    @LocalServerPort
    int port;
    @Autowired
    AppendSignal signal;

    @Test
    void the_kafka_publisher_listens_to_the_signal_of_this_nodes_commits() {
        await("the publisher's stream registered its callback").atMost(Duration.ofSeconds(60))
                .until(() -> signal.listeners() >= 1);

        AtomicInteger heard = new AtomicInteger();
        signal.onSignal(heard::incrementAndGet);
        String slug = Api.slug("signal-");
        new Api(port).createTenant("owner-" + slug, slug, "STARTER");
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() >= 1);
    }
}
