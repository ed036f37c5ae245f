package org.opensbc.core.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator HTTP endpoints on the admin address (loopback by default): GET /health (200 once every
 * listener is up, else 503), GET /metrics (Prometheus text), GET /registrations (JSON).
 */
public final class AdminHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "admin-http");
        t.setDaemon(true);
        return t;
    });

    public AdminHttpServer(InetSocketAddress bind, BooleanSupplier healthy, Supplier<String> metrics,
            Supplier<String> registrationsJson, Supplier<String> callsJson) throws IOException {
        server = HttpServer.create(bind, 64);
        server.setExecutor(executor);
        server.createContext("/health", ex -> {
            boolean up = healthy.getAsBoolean();
            respond(ex, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}\n" : "{\"status\":\"STARTING\"}\n");
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.createContext("/registrations", ex -> respond(ex, 200, "application/json", registrationsJson.get()));
        server.createContext("/calls", ex -> respond(ex, 200, "application/json", callsJson.get()));
        server.createContext("/", ex -> respond(ex, 404, "text/plain", "not found\n"));
    }

    public InetSocketAddress start() {
        server.start();
        LOG.info("admin HTTP on {}", server.getAddress());
        return server.getAddress();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
