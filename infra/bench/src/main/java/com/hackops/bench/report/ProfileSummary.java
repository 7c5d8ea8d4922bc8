package com.hackops.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads an async-profiler recording in collapsed form (one line per distinct stack: frames joined by ';', then the
 * sample count) and prints where the CPU went: the hottest frames by self time and by inclusive time, each as a share
 * of the samples of the selected threads. {@code --threads} keeps the stacks that contain that text (e.g.
 * {@code TaskThread} for Tomcat's request threads); {@code --frames a,b} also prints the inclusive share of stacks
 * containing each of those texts (e.g. {@code EventSourcingRepository.doLoadWithLock}).
 */
public final class ProfileSummary {

    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private final Map<String, Long> named = new HashMap<>();
    private long total;

    private ProfileSummary() {
    }

    public static void print(Path collapsed, String threads, List<String> frames, int top, PrintStream out)
            throws IOException {
        ProfileSummary summary = new ProfileSummary();
        try (Stream<String> lines = Files.lines(collapsed)) {
            lines.forEach(line -> summary.add(line, threads, frames));
        }
        out.printf("%s: %,d samples%s%n", collapsed.getFileName(), summary.total,
                threads.isEmpty() ? "" : " in stacks containing '" + threads + "'");
        if (summary.total == 0) {
            return;
        }
        for (String frame : frames) {
            out.printf("%6.1f %%  %s (inclusive)%n", summary.share(summary.named.getOrDefault(frame, 0L)), frame);
        }
        out.println("-- self");
        summary.hottest(summary.self, top).forEach(e -> out.printf("%6.1f %%  %s%n", summary.share(e.getValue()), e.getKey()));
        out.println("-- inclusive");
        summary.hottest(summary.inclusive, top).forEach(e -> out.printf("%6.1f %%  %s%n", summary.share(e.getValue()), e.getKey()));
    }

    private void add(String line, String threads, List<String> frames) {
        int space = line.lastIndexOf(' ');
        if (space < 0 || (!threads.isEmpty() && !line.contains(threads))) {
            return;
        }
        long samples = Long.parseLong(line.substring(space + 1).trim());
        String stack = line.substring(0, space);
        String[] parts = stack.split(";");
        total += samples;
        self.merge(parts[parts.length - 1], samples, Long::sum);
        Set<String> seen = new HashSet<>(List.of(parts));
        seen.forEach(frame -> inclusive.merge(frame, samples, Long::sum));
        for (String frame : frames) {
            if (stack.contains(frame)) {
                named.merge(frame, samples, Long::sum);
            }
        }
    }

    private List<Map.Entry<String, Long>> hottest(Map<String, Long> counts, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top).toList();
    }

    private double share(long samples) {
        return 100.0 * samples / total;
    }
}
