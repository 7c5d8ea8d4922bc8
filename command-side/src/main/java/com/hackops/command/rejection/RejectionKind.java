package com.hackops.command.rejection;

/** Every way a command can be refused. The name (kebab-cased) is the stable problem {@code type}. */
public enum RejectionKind {
    /** The tenant does not exist, or the caller may not know that it does. */
    NOT_FOUND,
    /** The caller is a member but their role does not allow the operation. */
    FORBIDDEN,
    LIMIT_EXCEEDED,
    PLAN_DOWNGRADE_BLOCKED,
    TENANT_SUSPENDED,
    TENANT_ARCHIVED,
    SLUG_TAKEN,
    LAST_OWNER,
    MEMBER_EXISTS,
    MEMBER_NOT_FOUND,
    IDEMPOTENCY_MISMATCH,
    /** An exported row that was imported before (infra/import): nothing is created twice. */
    ALREADY_IMPORTED,
    /** No API key with that id in this tenant. */
    API_KEY_NOT_FOUND,
    /** The tenant holds as many active API keys as allowed: revoke one first. */
    TOO_MANY_API_KEYS,
    INVALID_COMMAND;

    public String slug() {
        return name().toLowerCase().replace('_', '-');
    }
}
