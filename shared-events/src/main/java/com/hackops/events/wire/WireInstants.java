package com.hackops.events.wire;

import java.time.Instant;

/**
 * Reads the instants of the contract — {@code ce_time} and every {@link Instant} in a payload — as written:
 * {@code Instant.toString()}'s form, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} in UTC with 1 to 9 fraction digits.
 * <p>
 * {@link Instant#parse} reads that form through a general {@code DateTimeFormatter} (a parse context, a map of
 * fields, a resolver) and was 45 % of a read-model rebuild's CPU (a usage batch carries a time per change). This reads
 * the written form directly and gives the same instant; any other text — an offset, a lower-case letter, a leap
 * second, a year beyond 9999, an impossible date — goes to {@link Instant#parse}, so what is accepted, refused and
 * answered is exactly what {@link Instant#parse} does.
 */
public final class WireInstants {

    private static final int SHORTEST = "2000-01-01T00:00:00Z".length();
    private static final int LONGEST = "2000-01-01T00:00:00.123456789Z".length();
    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private WireInstants() {
    }

    /**
     * The instant {@code text} names; the same as {@link Instant#parse}, and refused where it refuses (with its
     * {@link java.time.format.DateTimeParseException}).
     */
    public static Instant parse(CharSequence text) {
        Instant written = parseWritten(text);
        return written != null ? written : Instant.parse(text);
    }

    /**
     * The instant of a text in the written form, or {@code null} for any other text (which {@link Instant#parse} then
     * reads or refuses).
     */
    public static Instant parseWritten(CharSequence text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > SHORTEST && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fractionDigits = length > SHORTEST ? length - SHORTEST - 1 : 0;
        int fraction = fractionDigits == 0 ? 0 : digits(text, 20, fractionDigits);
        if ((year | month | day | hour | minute | second | fraction) < 0
                || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, (long) fraction * SCALE[fractionDigits]);
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to a proleptic Gregorian date (years 0 to 9999). */
    private static long epochDay(int year, int month, int day) {
        // March-based year: the leap day is the last day of the year, so the days before a month follow a formula
        int y = month <= 2 ? year - 1 : year;
        int m = month <= 2 ? month + 9 : month - 3;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * m + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
