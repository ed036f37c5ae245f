package org.opensbc.core.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.opensbc.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator HTTP endpoints on the admin address (loopback by default). /health is open (load
 * balancers poll it), and so is /metrics unless {@code admin.metricsToken} (it reveals no secret,
 * but names trunks and counts); everything else needs {@code Authorization: Bearer <token>}.
 * Routes are added by method and exact path.
 */
public final class AdminHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    /** Rules files are read whole into memory: 100,000 rules are about 10 MB. */
    private static final int MAX_BODY = 32 * 1024 * 1024;

    /** What a handler answers. */
    public record Reply(int status, String type, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body);
        }

        /** {@code {"error":"…"}}: why a request was refused or failed. */
        public static Reply error(int status, String message) {
            return json(status, Json.line(new ErrorBody(message)));
        }
    }

    /** The body of an error reply. */
    record ErrorBody(String error) {
    }

    /** Serves one route; {@code body} is the request body as text (empty for GET). */
    @FunctionalInterface
    public interface Handler {
        Reply handle(String body) throws IOException;
    }

    private final HttpServer server;
    private final byte[] token;
    private final Map<String, Handler> routes = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "admin-http");
        t.setDaemon(true);
        return t;
    });

    public AdminHttpServer(InetSocketAddress bind, String token) throws IOException {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(bind, 64);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** Adds a route, e.g. {@code route("PUT", "/rules", handler)}. Open routes skip the token check. */
    public AdminHttpServer route(String method, String path, boolean open, Handler handler) {
        routes.put(method + " " + path, open ? new Open(handler) : handler);
        return this;
    }

    /** Marks a handler as needing no token. */
    private record Open(Handler handler) implements Handler {
        @Override
        public Reply handle(String body) throws IOException {
            return handler.handle(body);
        }
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

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String method = "HEAD".equals(ex.getRequestMethod()) ? "GET" : ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            Handler handler = routes.get(method + " " + path);
            if (handler == null) {
                boolean known = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
                send(ex, known ? new Reply(405, "text/plain", "method not allowed\n")
                        : new Reply(404, "text/plain", "not found\n"));
                return;
            }
            if (!(handler instanceof Open) && !authorized(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sbc-admin\"");
                send(ex, Reply.error(401, "a valid Authorization: Bearer token is required"));
                return;
            }
            String body;
            try (InputStream in = ex.getRequestBody()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    send(ex, Reply.error(413, "body over " + MAX_BODY + " bytes"));
                    return;
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            Reply reply;
            try {
                reply = handler.handle(body);
            } catch (IOException | RuntimeException e) {
                LOG.warn("admin {} {} failed: {}", method, path, e.toString());
                reply = Reply.error(500, e.toString());
            }
            send(ex, reply);
        }
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", reply.type());
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(reply.status(), head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
