package com.hackops.query.audit;

import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGResultSetMetaData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ResultSetExtractor;

import static org.assertj.core.api.Assertions.assertThat;

/** How the event-store reader's connections receive what they read. */
@QueryIntegrationTest
class EventStoreReaderIT {

    private static final int BINARY = 1;

    @Autowired
    EventStoreReader reader;

    /**
     * A payload is a bytea: in text it comes as hex, twice the bytes, encoded by PostgreSQL and decoded by the driver.
     * The driver asks for text until a statement has run five times on its connection, so a statement that is new
     * there (this one never ran before) shows whether the first reads of a connection come in binary too.
     */
    @Test
    void a_statement_new_to_its_connection_reads_its_results_in_binary() {
        Integer format = reader.commandDatabase().query("SELECT decode('00ff', 'hex') AS payload, 1::bigint AS sequence",
                (ResultSetExtractor<Integer>) rs -> rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(1));
        assertThat(format).isEqualTo(BINARY);
    }
}
