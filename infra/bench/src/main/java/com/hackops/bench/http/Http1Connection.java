package com.hackops.bench.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection (keep-alive), used by one thread at a time: a blocking request, then its whole
 * answer (Content-Length or chunked). Far cheaper per call than java.net.http's asynchronous machinery, which on a
 * 2-core machine would take CPU from the services under test. Reconnects once when the server closed it.
 */
final class Http1Connection implements AutoCloseable {

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Http1Connection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Api.Answer send(String method, String path, String bearer, String json) throws IOException {
        return send(method, path, bearer, json, "application/json");
    }

    Api.Answer send(String method, String path, String bearer, String json, String accept) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\nAuthorization: Bearer ").append(bearer)
                .append("\r\nAccept: ").append(accept).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        if (json != null) {
            head.append("Content-Type: application/json\r\n");
        }
        byte[] request = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int attempt = 1; ; attempt++) {
            boolean reused = socket != null;
            try {
                if (socket == null) {
                    connect();
                }
                out.write(request);
                out.write(body);
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                if (!reused || attempt > 1) { // a fresh connection that fails is a real failure
                    throw e;
                }
            }
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 65_536);
        out = socket.getOutputStream();
    }

    private Api.Answer read() throws IOException {
        String status = line();
        if (status.length() < 12) {
            throw new IOException("no status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 512);
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            copy(length, body);
        }
        if (close) {
            close();
        }
        return new Api.Answer(code, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 65_536)];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new IOException("connection closed in a body");
            }
            to.write(buffer, 0, read);
            n -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static Http1Connection to(String url) {
        URI uri = URI.create(url);
        return new Http1Connection(uri.getHost(), uri.getPort());
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            socket = null;
        }
    }
}
