package org.opensbc.core.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** The gateway's admin HTTP API as the tests use it: bearer-token requests, Prometheus samples. */
final class AdminApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final Supplier<String> token;

    AdminApi(int port, Supplier<String> token) {
        this.port = port;
        this.token = token;
    }

    /** GET with the token; the body. */
    String get(String path) throws IOException, InterruptedException {
        return send("GET", path, null).body();
    }

    /** Any request with the token. */
    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token.get())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET without any token (what /health and /metrics must allow, and the rest refuse). */
    HttpResponse<String> anonymous(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one Prometheus sample line, e.g. metric("sbc_registrar_bindings"). */
    double metric(String sample) throws IOException, InterruptedException {
        for (String line : get("/metrics").split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + sample);
    }

    /** Waits up to 5 s for a metric to reach {@code expected}; fails with its last value. */
    void awaitMetric(String sample, double expected) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        double value = metric(sample);
        while (value != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            value = metric(sample);
        }
        if (value != expected) {
            throw new AssertionError(sample + " is " + value + ", expected " + expected);
        }
    }

    /**
     * The CDR file's lines once there are at least {@code count}, or what is there after 5 s: the
     * gateway writes them in batches shortly after each call ends.
     */
    static java.util.List<String> awaitCdrLines(java.nio.file.Path cdr, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            java.util.List<String> lines = java.nio.file.Files.exists(cdr) ? java.nio.file.Files.readAllLines(cdr)
                    : java.util.List.of();
            if (lines.size() >= count || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(20);
        }
    }
}
