package com.hackops.query.projection;

import com.hackops.events.wire.TenantEventsTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A poll is applied in one run per tenant, each in the poll's order; a record that names no tenant stands alone. */
class RunsOfOneTenantTest {

    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private long offset;

    @Test
    void each_tenant_s_records_form_one_run_in_their_order() {
        List<ConsumerRecord<String, byte[]>> records = List.of(record(A), record(A), record(B), record(A),
                record(null), record(null), record(B), record(B));

        List<List<ConsumerRecord<String, byte[]>>> runs = ProjectionConsumer.runsOfOneTenant(records);

        assertThat(runs).containsExactly(
                List.of(records.get(0), records.get(1), records.get(3)),
                List.of(records.get(2), records.get(6), records.get(7)),
                List.of(records.get(4)),
                List.of(records.get(5)));
        assertThat(ProjectionConsumer.runsOfOneTenant(List.of())).isEmpty();
    }

    private ConsumerRecord<String, byte[]> record(UUID tenant) {
        long sequence = offset++;
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("tenant-events", 0, sequence,
                tenant == null ? null : tenant.toString(), "{}".getBytes(StandardCharsets.UTF_8));
        header(record, TenantEventsTopic.SEQUENCE, String.valueOf(sequence));
        header(record, TenantEventsTopic.POSITION, String.valueOf(sequence));
        header(record, TenantEventsTopic.ID, UUID.randomUUID().toString());
        header(record, TenantEventsTopic.TYPE, "com.hackops.events.usage.UsageTracked.v1");
        header(record, TenantEventsTopic.TIME, "2026-11-27T12:00:00Z");
        return record;
    }

    private static void header(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
