package com.hackops.command.publishing;

/**
 * Kafka did not take a batch (or the topic could not be checked) in time. Thrown while the batch's unit of work
 * prepares to commit, so the batch rolls back, the processor's token stays where it was, and the batch is retried.
 */
class PublishingFailed extends RuntimeException {

    PublishingFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
