package com.hackops.query.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A Server-Sent Events client as a browser's EventSource is one: GET with Accept: text/event-stream, lines parsed. */
final class EventStreamClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Event(String name, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }
    }

    private final HttpResponse<Stream<String>> response;
    private static final Event END = new Event("", "");
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(() -> read(response.body().iterator()), "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens the stream; {@code authorization} is sent as the Authorization header when not null. */
    static EventStreamClient open(int port, String pathAndQuery, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Accept", "text/event-stream").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return new EventStreamClient(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                    .get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("stream " + pathAndQuery + " did not answer", e);
        }
    }

    int status() {
        return response.statusCode();
    }

    /** The problem document of a refused stream. */
    JsonNode problem() {
        try {
            return JSON.readTree(String.join("\n", response.body().toList()));
        } catch (IOException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    /** Comment lines received so far (the service's heartbeats). */
    int comments() {
        return comments.get();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event named {@code name} that satisfies {@code wanted}, skipping others; fails after {@code bound}. */
    Event next(String name, Predicate<Event> wanted, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (true) {
                Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null || event == END) {
                    throw new AssertionError("no matching '" + name + "' event within " + bound
                            + (event == END ? " (the stream ended)" : ""));
                }
                if (event.name().equals(name) && wanted.test(event)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events still to come until the service ends the stream; fails if it does not end within {@code bound}. */
    List<Event> untilEnd(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        List<Event> rest = new ArrayList<>();
        try {
            while (true) {
                Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("the stream did not end within " + bound + "; got " + rest);
                }
                if (event == END) {
                    return rest;
                }
                rest.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read(Iterator<String> lines) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        try {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
        } catch (UncheckedIOException closed) {
            // the test closed the stream, or the connection broke
        }
        events.add(END);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
