package com.hackops.events.personaldata;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the platform knows about a person beyond their user id: an e-mail and a display name, both optional. It
 * never stands in an event in plain text, only {@link PersonKey#seal sealed}; its {@code toString} shows neither.
 */
public record PersonalData(String email, String displayName) {

    /**
     * What read models, answers and dashboards show instead of a person's e-mail and display name when they cannot
     * be read: the person was erased (their key is gone), or the member was recorded before personal data was sealed.
     */
    public static final String ERASED = "[erased]";

    /** Both fields {@link #ERASED}. */
    public static final PersonalData ERASED_DATA = new PersonalData(ERASED, ERASED);

    private static final byte FORMAT = 1;
    private static final int ABSENT = -1;

    @Override
    public String toString() {
        return "PersonalData[redacted]";
    }

    /** Length-prefixed UTF-8 of both fields (-1 for an absent one), after a format byte. */
    byte[] encode() {
        byte[] mail = bytesOf(email);
        byte[] name = bytesOf(displayName);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + length(mail) + 4 + length(name)).put(FORMAT);
        put(buffer, mail);
        put(buffer, name);
        return buffer.array();
    }

    static PersonalData decode(byte[] encoded) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(encoded);
            if (buffer.get() != FORMAT) {
                throw new IllegalArgumentException("unknown format of personal data");
            }
            PersonalData data = new PersonalData(field(buffer), field(buffer));
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after personal data");
            }
            return data;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated personal data", e);
        }
    }

    private static byte[] bytesOf(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void put(ByteBuffer buffer, byte[] bytes) {
        buffer.putInt(bytes == null ? ABSENT : bytes.length);
        if (bytes != null) {
            buffer.put(bytes);
        }
    }

    private static String field(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length == ABSENT) {
            return null;
        }
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("bad field length in personal data");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
