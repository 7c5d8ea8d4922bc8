-- The event store: Axon's JDBC storage engine on PostgreSQL (bytea, never large objects; see docs/architecture.md).
-- Runs as the owner role. The command-side service role may append events but never change or delete them.

CREATE TABLE domain_event_entry (
    -- bigserial: a transaction that rolls back leaves a gap; Axon's gap-aware tracking tokens wait for it
    global_index         BIGSERIAL    PRIMARY KEY,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    -- two writers appending the same aggregate sequence: one fails here and is retried (ConcurrencyException)
    CONSTRAINT domain_event_entry_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number)
);

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    PRIMARY KEY (aggregate_identifier, sequence_number, type)
);

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

GRANT SELECT, INSERT ON domain_event_entry TO ${command_role};
GRANT USAGE, SELECT ON SEQUENCE domain_event_entry_global_index_seq TO ${command_role};
-- Axon replaces a tenant's snapshot: the only deletion the service may do, and only of snapshots
GRANT SELECT, INSERT, DELETE ON snapshot_event_entry TO ${command_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON token_entry TO ${command_role};
GRANT SELECT ON domain_event_entry, snapshot_event_entry TO ${audit_role};
