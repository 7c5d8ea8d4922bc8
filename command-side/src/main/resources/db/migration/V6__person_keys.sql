-- Per-person keys of crypto-shredding: MemberAdded carries a member's e-mail and display name sealed (AES-256-GCM)
-- with their key, kept here, outside the event store. Erasing the person deletes the key (in the transaction of the
-- PersonalDataErased event), and what was sealed with it can no longer be read. One key per person and tenant while
-- not erased; a person added again after an erasure gets a new one.
CREATE TABLE person_key (
    tenant_id  UUID         NOT NULL,
    user_id    TEXT         NOT NULL,
    key_id     UUID         PRIMARY KEY,
    key        BYTEA        NOT NULL CHECK (octet_length(key) = 32),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT person_key_one_per_person UNIQUE (tenant_id, user_id)
);

GRANT SELECT, INSERT, DELETE ON person_key TO ${command_role};
-- the query side's read-only event-store role opens the sealed data it projects (never the read models' role)
GRANT SELECT ON person_key TO ${audit_role};
