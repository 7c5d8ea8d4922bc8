package com.hackops.e2e.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on the loopback interface between a service and a server (PostgreSQL), with the network faults of a
 * chaos test: {@link #dropAll() drop} every open connection (RST, as a failing switch or a killed NAT entry would),
 * {@link #refuse(boolean) refuse} new ones, {@link #stall() stall} (bytes are held, connections stay open, as in a
 * network partition) and {@link #latency(Duration) add latency} to every chunk in both directions.
 * <p>
 * Each connection has, per direction, a reader thread that queues chunks with the time they may leave, and a writer
 * thread that sends them in order once due and while the proxy is not stalled.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stalled;
    private volatile boolean refusing;
    private volatile long latencyNanos;
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
    }

    /** A proxy listening on a free loopback port, forwarding to {@code targetHost:targetPort}. */
    public static TcpProxy to(String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort);
        proxy.acceptor.start();
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}, for a JDBC URL. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Closes every open connection at once with a reset; new connections are still accepted unless refused. */
    public void dropAll() {
        for (Link link : links) {
            link.close(true);
            dropped.incrementAndGet();
        }
    }

    /** While on, every new connection is reset right after it was accepted. */
    public void refuse(boolean on) {
        refusing = on;
    }

    /** Holds every byte in both directions (connections stay open) until {@link #resume()}. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        lock.lock();
        try {
            stalled = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Delays every chunk by this much in each direction ({@link Duration#ZERO} for none). */
    public void latency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    /** Back to a plain pipe: no stall, no refusal, no latency. */
    public void heal() {
        refusing = false;
        latencyNanos = 0;
        resume();
    }

    public long connectionsAccepted() {
        return accepted.get();
    }

    public long connectionsDropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        closed = true;
        heal();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        links.forEach(link -> link.close(true));
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            if (refusing) {
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private void awaitNotStalled() throws InterruptedException {
        if (!stalled) {
            return;
        }
        lock.lock();
        try {
            while (stalled && !closed) {
                resumed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A chunk of bytes that may be written once its time has come; {@code null} bytes mark the end of the stream. */
    private record Chunk(long due, byte[] bytes) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(due, ((Chunk) other).due);
        }
    }

    /** One proxied connection: client ⇄ upstream, a reader and a writer thread per direction. */
    private final class Link {

        private final Socket client;
        private final Socket upstream;
        private volatile boolean done;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pipe(client.getInputStream(), upstream.getOutputStream(), "up");
            pipe(upstream.getInputStream(), client.getOutputStream(), "down");
        }

        private void pipe(InputStream in, OutputStream out, String direction) {
            DelayQueue<Chunk> queue = new DelayQueue<>();
            String name = "tcp-proxy-" + port() + "-" + client.getPort() + "-" + direction;
            Thread reader = new Thread(() -> read(in, queue), name + "-read");
            Thread writer = new Thread(() -> write(out, queue), name + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        private void read(InputStream in, DelayQueue<Chunk> queue) {
            byte[] buffer = new byte[16 * 1024];
            long lastDue = Long.MIN_VALUE;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    // strictly increasing: a chunk never overtakes an earlier one, whatever the latency does
                    long due = Math.max(System.nanoTime() + latencyNanos, lastDue + 1);
                    lastDue = due;
                    queue.add(new Chunk(due, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the socket was closed or reset
            } finally {
                queue.add(new Chunk(Math.max(System.nanoTime() + latencyNanos, lastDue + 1), null));
            }
        }

        private void write(OutputStream out, DelayQueue<Chunk> queue) {
            try {
                while (!done) {
                    Chunk chunk = queue.take();
                    awaitNotStalled();
                    if (chunk.bytes() == null) {
                        break;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed, reset or interrupted
            } finally {
                close(false);
            }
        }

        void close(boolean reset) {
            if (done) {
                return;
            }
            done = true;
            links.remove(this);
            for (Socket socket : new Socket[] {client, upstream}) {
                try {
                    if (reset) {
                        socket.setSoLinger(true, 0);
                    }
                    socket.close();
                } catch (SocketException e) {
                    // already closed
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
