/**
 * The Kafka publisher of the command side: every event of the event store goes to the tenant-events topic
 * ({@link com.hackops.events.wire.TenantEventsTopic} is the contract).
 * <ul>
 *   <li><b>The event store is the outbox.</b> A pooled streaming processor ({@code kafka-publisher}, configured in
 *       application.yml) reads it; {@link com.hackops.command.publishing.KafkaPublisher} sends each batch with an
 *       idempotent producer ({@code acks=all}) while the batch's unit of work prepares to commit, and waits for every
 *       acknowledgement. Only then does the unit commit, and with it the processor's token. A failure rolls the batch
 *       back and the processor retries it after a back-off (1 s doubling to 60 s): nothing is skipped.</li>
 *   <li><b>At-least-once.</b> A batch that failed after some of its records were acknowledged is sent again, so a
 *       consumer may see an event twice. Consumers apply a tenant's event only when its {@code hackops_sequence} is
 *       the next one and skip any at or below what they applied.</li>
 *   <li><b>In order per tenant.</b> The tenant is the aggregate and the record key: the sequencing policy keeps a
 *       tenant's events in one segment (one thread, batch after batch) and the key keeps them in one partition. A
 *       repeated batch repeats records, but the first appearance of each sequence number is always in order.</li>
 *   <li><b>Several nodes.</b> Each segment's token is claimed by one node at a time. A node stores its token (which
 *       locks the token row) before it sends, so another node cannot claim that segment while a batch is in
 *       flight. Axon does not balance segments: the first node claims all of them and the others stand by until it
 *       stops or its claim times out.</li>
 *   <li><b>Replays never republish</b>: {@code @DisallowReplay} makes the processor refuse a token reset (and skip
 *       any replayed event). A processor without tokens starts at the store's
 *       tail (not Axon's default, a replay up to the head, which would skip every event stored before the first
 *       start). So to rebuild the topic from the store, stop the publishers, delete the {@code kafka-publisher}
 *       rows of {@code token_entry} and start them again; do not reset the tokens.</li>
 * </ul>
 */
package com.hackops.command.publishing;
