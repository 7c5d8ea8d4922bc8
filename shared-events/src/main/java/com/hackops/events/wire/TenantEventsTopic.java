package com.hackops.events.wire;

/**
 * How tenant events travel on Kafka: the contract between the command-side publisher and every consumer.
 * <ul>
 *   <li>topic {@value #DEFAULT_TOPIC} (configurable), record key = tenant id, so one tenant's events share a
 *       partition and keep their order;</li>
 *   <li>value = the event's JSON payload, exactly as stored in the event store;</li>
 *   <li>headers follow the CloudEvents Kafka binding in binary mode, plus the event's position in its tenant's
 *       stream and in the whole store.</li>
 * </ul>
 * All header values are UTF-8 strings.
 */
public final class TenantEventsTopic {

    public static final String DEFAULT_TOPIC = "tenant-events";

    public static final String SPEC_VERSION = "ce_specversion";
    /** The event identifier in the event store (a UUID). */
    public static final String ID = "ce_id";
    /** The payload class and its revision, e.g. {@code com.hackops.events.usage.UsageTracked.v1}. */
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    /** RFC 3339 instant the event was recorded. */
    public static final String TIME = "ce_time";
    /** The tenant id. */
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /** Sequence number of the event in its tenant's stream: 0, 1, 2, … without gaps. */
    public static final String SEQUENCE = "hackops_sequence";
    /** Global index of the event in the event store (increasing, may have gaps). */
    public static final String POSITION = "hackops_position";

    public static final String SOURCE_VALUE = "/hackops/command-side";
    public static final String JSON = "application/json";

    private static final String REVISION_MARK = ".v";

    private TenantEventsTopic() {
    }

    /** {@code ce_type} of a payload class at a revision. */
    public static String type(String payloadClassName, String revision) {
        return payloadClassName + REVISION_MARK + (revision == null ? "0" : revision);
    }

    /** The payload class name in a {@code ce_type}. */
    public static String payloadClassName(String type) {
        int mark = type.lastIndexOf(REVISION_MARK);
        return mark < 0 ? type : type.substring(0, mark);
    }

    /** The revision in a {@code ce_type}. */
    public static String revision(String type) {
        int mark = type.lastIndexOf(REVISION_MARK);
        return mark < 0 ? "0" : type.substring(mark + REVISION_MARK.length());
    }
}
