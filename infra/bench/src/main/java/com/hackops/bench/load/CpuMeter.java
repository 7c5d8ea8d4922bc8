package com.hackops.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the processes serving the benchmark (both services, the broker, the PostgreSQL backends of the bench
 * databases, and this generator), read from /proc between two points of a scenario. Divided by the work done in
 * between, it gives CPU per unit of work for each process group: unlike throughput, a figure that other load on
 * the machine hardly changes. infra/bench passes the processes as {@code --cpu-pids group:pid,group:pid,…}.
 */
public final class CpuMeter {

    private final Map<String, List<Long>> pids = new LinkedHashMap<>();
    private final long ticksPerSecond;

    public CpuMeter(String spec, long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
        for (String entry : spec.isBlank() ? new String[0] : spec.split(",")) {
            String[] part = entry.split(":");
            pids.computeIfAbsent(part[0], group -> new ArrayList<>()).add(Long.parseLong(part[1]));
        }
    }

    /** CPU milliseconds per group, this generator included, now. */
    public Map<String, Double> millis() {
        Map<String, Double> millis = new LinkedHashMap<>();
        pids.forEach((group, ids) -> {
            long ticks = ids.stream().mapToLong(CpuMeter::ticks).sum();
            millis.put(group, ticks * 1000.0 / ticksPerSecond);
        });
        millis.put("generator", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6);
        return millis;
    }

    /** CPU milliseconds per unit between two readings, per group. */
    public static Map<String, Double> perUnit(Map<String, Double> before, Map<String, Double> after, long units) {
        Map<String, Double> perUnit = new LinkedHashMap<>();
        after.forEach((group, ms) -> perUnit.put(group, (ms - before.getOrDefault(group, 0.0)) / Math.max(1, units)));
        return perUnit;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] field = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(field[11]) + Long.parseLong(field[12]); // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return 0; // gone: a backend that closed counts what it had until its last reading as nothing
        }
    }
}
