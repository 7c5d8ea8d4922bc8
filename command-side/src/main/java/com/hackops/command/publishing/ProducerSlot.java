package com.hackops.command.publishing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;

/**
 * Holds this node's producer, shared by the processor's threads. A producer that failed a batch is thrown away:
 * an idempotent producer can end in a fatal state (fenced epoch, unrecoverable sequence), and a fresh one costs
 * little next to a retried batch.
 */
final class ProducerSlot implements AutoCloseable {

    private final KafkaPublishingProperties properties;
    private Producer<String, byte[]> producer;

    ProducerSlot(KafkaPublishingProperties properties) {
        this.properties = properties;
    }

    synchronized Producer<String, byte[]> current() {
        if (producer == null) {
            producer = new KafkaProducer<>(settings(properties), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * Closes {@code failed} at once (without waiting for its pending sends; their batches fail and are retried)
     * and lets the next {@link #current()} create a new producer.
     */
    void discard(Producer<String, byte[]> failed) {
        synchronized (this) {
            if (producer == failed) {
                producer = null;
            }
        }
        failed.close(Duration.ZERO);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    static Map<String, Object> settings(KafkaPublishingProperties properties) {
        int lingerMillis = 5;
        long timeout = properties.sendTimeout().toMillis();
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, properties.clientId(),
                // no duplicates from the producer's own retries, and order kept with up to 5 requests in flight
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, lingerMillis,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // every wait of a send is bounded by the send timeout: metadata, each request, the whole delivery
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout - lingerMillis));
    }
}
