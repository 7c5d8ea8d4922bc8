package com.hackops.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of a command; every option has a default at its point of use. */
public final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public int number(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    /** Seconds, possibly fractional ("2.5"). */
    public Duration seconds(String name, double fallback) {
        double seconds = values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
