package com.hackops.command.eventstore;

/**
 * A command that may be committed in one transaction with others ({@link GroupCommitCommandBus}). Its handler must
 * refuse (throw a {@link com.hackops.command.rejection.Rejection}) only before it applies an event or writes
 * anything that outlives the refusal: a refused member is answered while the rest of its group commits.
 */
public interface GroupCommitted {
}
