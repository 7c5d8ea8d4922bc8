package com.hackops.bench.report;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JFR recording (settings=profile: {@code jdk.ObjectAllocationSample}) and prints what the selected threads
 * allocated between two instants: the bytes, the share of each library (the innermost frame of a known library on the
 * stack, so the JDK's own frames count for their caller) and the largest allocation sites (the allocated class, the
 * first frame outside the JDK and its callers).
 * <p>
 * The window matters: a recording covers the whole run, and the harness's warm-up sends batch calls and reads that
 * a single-increment scenario does not — a profile of the whole recording once blamed the request body's validation
 * for 14 % of the bytes that, within S2's own window, it spends 2 % on.
 */
public final class AllocationSummary {

    private static final List<String[]> LIBRARIES = List.of(
            new String[]{"com.hackops.", "ours"},
            new String[]{"org.axonframework.", "Axon"},
            new String[]{"com.fasterxml.jackson.", "Jackson"},
            new String[]{"org.hibernate.validator.", "Hibernate Validator"},
            new String[]{"org.springframework.security.", "Spring Security"},
            new String[]{"org.springframework.web.", "Spring MVC"},
            new String[]{"org.springframework.", "Spring (other)"},
            new String[]{"org.apache.catalina.", "Tomcat"},
            new String[]{"org.apache.coyote.", "Tomcat"},
            new String[]{"org.apache.tomcat.", "Tomcat"},
            new String[]{"org.postgresql.", "PostgreSQL driver"},
            new String[]{"com.zaxxer.hikari.", "Hikari"},
            new String[]{"io.micrometer.", "Micrometer"},
            new String[]{"com.github.benmanes.caffeine.", "Caffeine"},
            new String[]{"org.apache.kafka.", "Kafka client"},
            new String[]{"ch.qos.logback.", "Logback"},
            new String[]{"com.nimbusds.", "Nimbus JOSE"});

    private final Map<String, Long> libraries = new HashMap<>();
    private final Map<String, Long> sites = new HashMap<>();
    private long total;

    private AllocationSummary() {
    }

    public static void print(Path recording, String threads, Instant from, Instant to, int top, PrintStream out)
            throws IOException {
        AllocationSummary summary = new AllocationSummary();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ObjectAllocationSample")
                        && !event.getStartTime().isBefore(from) && !event.getStartTime().isAfter(to)
                        && onThread(event, threads)) {
                    summary.add(event);
                }
            }
        }
        out.printf("%s: %,.1f MB allocated by threads named '%s*' from %s to %s (JFR's sampled estimate)%n",
                recording.getFileName(), summary.total / 1e6, threads, from, to);
        if (summary.total == 0) {
            return;
        }
        out.println("-- by library (innermost frame of a known library)");
        summary.largest(summary.libraries, top).forEach(e -> out.printf("%6.1f %%  %s%n", summary.share(e.getValue()), e.getKey()));
        out.println("-- by site (allocated class  <  first frame outside the JDK  <  its callers)");
        summary.largest(summary.sites, top).forEach(e -> out.printf("%6.1f %%  %s%n", summary.share(e.getValue()), e.getKey()));
    }

    private static boolean onThread(RecordedEvent event, String threads) {
        RecordedThread thread = event.getThread("eventThread");
        return thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith(threads);
    }

    private void add(RecordedEvent event) {
        long bytes = event.getLong("weight");
        total += bytes;
        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
        String library = "JDK only";
        int firstOutsideJdk = -1;
        for (int i = 0; i < frames.size(); i++) {
            String type = frames.get(i).getMethod().getType().getName();
            String known = libraryOf(type);
            if (firstOutsideJdk < 0 && !type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                firstOutsideJdk = i;
            }
            if (known != null) {
                library = known;
                break;
            }
        }
        libraries.merge(library, bytes, Long::sum);
        StringBuilder site = new StringBuilder(simpleName(event.getClass("objectClass").getName()));
        if (firstOutsideJdk >= 0) {
            for (int i = firstOutsideJdk; i < Math.min(frames.size(), firstOutsideJdk + 3); i++) {
                RecordedMethod method = frames.get(i).getMethod();
                site.append("  <  ").append(simpleName(method.getType().getName())).append('.').append(method.getName());
            }
        }
        sites.merge(site.toString(), bytes, Long::sum);
    }

    private static String libraryOf(String type) {
        for (String[] library : LIBRARIES) {
            if (type.startsWith(library[0])) {
                return library[1];
            }
        }
        return null;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private List<Map.Entry<String, Long>> largest(Map<String, Long> counts, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top).toList();
    }

    private double share(long bytes) {
        return 100.0 * bytes / total;
    }
}
