package com.hackops.command.usage;

/** A client's idempotency key and the SHA-256 of the request it came with. */
public record IdempotencyKey(String key, String requestHash) {
}
