package com.hackops.bench.http;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two services over HTTP/1.1 keep-alive connections: each load thread has its own connection per service
 * ({@link Http1Connection}) and one request in flight. Calls are synchronous; the load comes from a fixed number of
 * platform threads.
 */
public final class Api {

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final String token;
    private final String adminToken;
    private final ThreadLocal<Http1Connection> command;
    private final ThreadLocal<Http1Connection> query;

    public Api(String commandUrl, String queryUrl, String token, String adminToken) {
        this.token = token;
        this.adminToken = adminToken;
        this.command = ThreadLocal.withInitial(() -> Http1Connection.to(commandUrl));
        this.query = ThreadLocal.withInitial(() -> Http1Connection.to(queryUrl));
    }

    /** A finished call: status and body. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** A number field of the JSON body (the first occurrence), or -1. */
        public long number(String field) {
            Matcher m = PATTERNS.computeIfAbsent("n:" + field,
                    k -> Pattern.compile("\"" + field + "\":(-?\\d+)")).matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }

        /** A string field of the JSON body (the first occurrence), or null. */
        public String text(String field) {
            Matcher m = PATTERNS.computeIfAbsent("t:" + field,
                    k -> Pattern.compile("\"" + field + "\":\"([^\"]*)\"")).matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    public Answer command(String method, String path, String json) {
        return send(command.get(), method, path, json, token);
    }

    public Answer query(String path) {
        return send(query.get(), "GET", path, null, token);
    }

    public Answer admin(String method, String path) {
        return send(query.get(), method, path, null, adminToken);
    }

    /**
     * The sum of a meter's samples on the command side's {@code /actuator/prometheus} (every line of that name, whatever
     * its tags), or {@code NaN} when the service does not export it.
     */
    public double commandMeter(String name) {
        Answer answer;
        try {
            answer = command.get().send("GET", "/actuator/prometheus", token, null, "text/plain");
        } catch (IOException e) {
            return Double.NaN;
        }
        double sum = Double.NaN;
        for (String line : answer.ok() ? answer.body().split("\n") : new String[0]) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum = Double.isNaN(sum) ? value : sum + value;
            }
        }
        return sum;
    }

    private static Answer send(Http1Connection connection, String method, String path, String json, String bearer) {
        try {
            return connection.send(method, path, bearer, json);
        } catch (IOException e) {
            return new Answer(599, String.valueOf(e));
        }
    }
}
