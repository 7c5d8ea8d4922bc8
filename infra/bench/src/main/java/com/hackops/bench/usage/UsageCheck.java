package com.hackops.bench.usage;

import com.hackops.bench.http.Api;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one metric of a tenant from the query API, waiting (read-your-writes) until the read models show at least
 * a given version: what the limit and lost-update checks compare against.
 */
final class UsageCheck {

    record Usage(long used, long limit) {
    }

    private UsageCheck() {
    }

    /** used and limit of {@code metric}, once the read models reached {@code minVersion}; retried while behind. */
    static Usage read(Api api, String tenant, String metric, long minVersion) {
        Pattern pattern = Pattern.compile("\\{\"metric\":\"" + metric + "\",\"used\":(\\d+),\"limit\":(\\d+)");
        String path = "/api/v1/tenants/" + tenant + "/usage" + (minVersion >= 0 ? "?minVersion=" + minVersion : "");
        Api.Answer answer = null;
        for (int attempt = 0; attempt < 20; attempt++) { // each attempt waits at most 3 s on the server
            answer = api.query(path);
            if (answer.ok()) {
                Matcher m = pattern.matcher(answer.body());
                if (!m.find()) {
                    throw new IllegalStateException("no " + metric + " in " + answer.body());
                }
                return new Usage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            }
            LockSupport.parkNanos(200_000_000L);
        }
        throw new IllegalStateException("usage of " + tenant + " unreadable: " + answer.status() + " " + answer.body());
    }

    /** Reads every tenant's metric with a few threads (each read may wait for the read models). */
    static Usage[] readAll(Api api, List<String> tenants, String metric, long[] minVersions) {
        Usage[] usage = new Usage[tenants.size()];
        int threads = 4;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers[t] = new Thread(() -> {
                for (int i = offset; i < usage.length; i += threads) {
                    usage[i] = read(api, tenants.get(i), metric, minVersions == null ? -1 : minVersions[i]);
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return usage;
    }
}
