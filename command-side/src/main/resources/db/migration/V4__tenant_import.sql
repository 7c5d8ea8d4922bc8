-- Rows of other systems' exports that became tenants (infra/import, POST /api/v1/admin/imports): written in the same
-- transaction as the TenantImported event, so importing a file again adopts nothing twice.
CREATE TABLE tenant_import (
    source      VARCHAR(100) NOT NULL,
    external_id VARCHAR(255) NOT NULL,
    tenant_id   UUID         NOT NULL,
    imported_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source, external_id)
);
CREATE INDEX tenant_import_tenant ON tenant_import (tenant_id);

GRANT SELECT, INSERT ON tenant_import TO ${command_role};
