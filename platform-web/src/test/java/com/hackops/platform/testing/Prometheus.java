package com.hackops.platform.testing;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Samples of a Prometheus text exposition, as a scraper reads {@code /actuator/prometheus}. */
public record Prometheus(String text) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static Prometheus scrape(HttpApi api) {
        HttpApi.Response response = api.get("/actuator/prometheus", null);
        if (response.status() != 200) {
            throw new AssertionError("scrape failed: " + response.status() + " " + response.body());
        }
        return new Prometheus(response.body());
    }

    /** One sample: its labels and value. */
    public record Sample(Map<String, String> labels, double value) {
    }

    public List<Sample> samples(String name) {
        Matcher m = SAMPLE.matcher(text);
        List<Sample> samples = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(name)) {
                Map<String, String> labels = m.group(3) == null ? Map.of() : LABEL.matcher(m.group(3)).results()
                        .collect(Collectors.toMap(r -> r.group(1), r -> r.group(2)));
                samples.add(new Sample(labels, Double.parseDouble(m.group(4))));
            }
        }
        return samples;
    }

    /** The value of the sample of {@code name} whose labels include {@code labels} (name, value, …); 0 when absent. */
    public double value(String name, String... labels) {
        return samples(name).stream().filter(s -> matches(s, labels)).mapToDouble(Sample::value).sum();
    }

    private static boolean matches(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
