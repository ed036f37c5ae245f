package org.opensbc.core.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opensbc.core.Gateway;
import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.ConfigLoader;

/**
 * The real gateway, in-process, on loopback with free ports and known test users
 * (alice / alice-secret-1, bob / bob-secret-22). Close it after the test.
 */
final class TestGateway implements AutoCloseable {

    static final String ALICE_PASSWORD = "alice-secret-1";
    static final String BOB_PASSWORD = "bob-secret-22";

    final Path configDir;
    final int sipPort;
    final int wssPort;
    final int adminPort;
    final Gateway gateway;
    private final AdminApi api;

    private TestGateway(Path configDir, int sipPort, int wssPort, int adminPort, Gateway gateway) {
        this.configDir = configDir;
        this.sipPort = sipPort;
        this.wssPort = wssPort;
        this.adminPort = adminPort;
        this.gateway = gateway;
        this.api = new AdminApi(adminPort, gateway::adminToken);
    }

    static TestGateway start() throws IOException, ConfigException {
        return start("");
    }

    /** @param extraYaml appended to sbc.yaml (top-level sections not otherwise written) */
    static TestGateway start(String extraYaml) throws IOException, ConfigException {
        return start(extraYaml, "");
    }

    /** @param extraSipYaml extra lines inside the sip: section, indented by two spaces */
    static TestGateway start(String extraYaml, String extraSipYaml) throws IOException, ConfigException {
        return start(extraYaml, extraSipYaml, java.util.Map.of());
    }

    /** @param files more files for the config directory by name (routing.yaml, acl.yaml) */
    static TestGateway start(String extraYaml, String extraSipYaml, java.util.Map<String, String> files)
            throws IOException, ConfigException {
        return start(extraYaml, extraSipYaml, files, "");
    }

    /** @param extraAdminYaml more keys of the admin: mapping, e.g. "metricsToken: true" */
    static TestGateway start(String extraYaml, String extraSipYaml, java.util.Map<String, String> files,
            String extraAdminYaml) throws IOException, ConfigException {
        return start(writeConfig(extraYaml, extraSipYaml, extraAdminYaml, false), files);
    }

    /**
     * The same on dual-stack listeners ("::" for SIP and, unless {@code extraYaml} has its own
     * media section, for the relay), advertising 127.0.0.1 to IPv4 peers and ::1 to IPv6 ones:
     * phones on 127.0.0.x and on ::1 reach it, and nothing leaves loopback.
     */
    static TestGateway startDualStack(String extraYaml) throws IOException, ConfigException {
        return start(writeConfig(extraYaml, "", "", true), java.util.Map.of());
    }

    private static TestGateway start(Path dir, java.util.Map<String, String> files) throws IOException, ConfigException {
        for (java.util.Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Gateway gateway = new Gateway(ConfigLoader.load(dir));
        gateway.start();
        var y = Files.readString(dir.resolve("ports"));
        String[] p = y.trim().split(" ");
        return new TestGateway(dir, Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), gateway);
    }

    /** Writes a config directory with free ports; its file "ports" says "sip wss admin". */
    static Path writeConfig(String extraYaml) throws IOException {
        return writeConfig(extraYaml, "");
    }

    static Path writeConfig(String extraYaml, String extraSipYaml) throws IOException {
        return writeConfig(extraYaml, extraSipYaml, "", false);
    }

    static Path writeConfig(String extraYaml, String extraSipYaml, String extraAdminYaml) throws IOException {
        return writeConfig(extraYaml, extraSipYaml, extraAdminYaml, false);
    }

    private static Path writeConfig(String extraYaml, String extraSipYaml, String extraAdminYaml, boolean dualStack)
            throws IOException {
        Path dir = TempDirs.create("sbc-it");
        int sip = dualStack ? freeDualStackPort() : freeUdpAndTcpPort();
        int wss = dualStack ? freeDualStackPort() : freeTcpPort();
        int admin = freeTcpPort();
        String listen = dualStack ? "\"::\"" : "127.0.0.1";
        String advertisedV6 = dualStack ? "  advertisedAddressV6: \"::1\"\n" : "";
        String media = extraYaml.contains("media:") ? ""
                : dualStack ? "media: { address: \"::\", advertisedAddress: 127.0.0.1, advertisedAddressV6: \"::1\" }"
                : "media: { address: 127.0.0.1 }";
        Files.writeString(dir.resolve("sbc.yaml"), """
                dataDir: %s
                sip:
                  udp: { address: %s, port: %d }
                  tcp: { address: %s, port: %d }
                  wss: { address: %s, port: %d }
                  domains: [127.0.0.1, localhost]
                  advertisedAddress: 127.0.0.1
                %s%s
                admin: { address: 127.0.0.1, port: %d%s }
                websocket: { pingIntervalSeconds: 5, idleTimeoutSeconds: 15 }
                %s
                %s
                """.formatted(dir.resolve("data"), listen, sip, listen, sip, listen, wss,
                advertisedV6, extraSipYaml, admin, extraAdminYaml.isEmpty() ? "" : ", " + extraAdminYaml,
                extraYaml, media));
        Files.writeString(dir.resolve("users.yaml"), """
                users:
                  - username: alice
                    password: %s
                  - username: bob
                    password: %s
                """.formatted(ALICE_PASSWORD, BOB_PASSWORD));
        Files.writeString(dir.resolve("ports"), sip + " " + wss + " " + admin);
        return dir;
    }

    /** GET on the admin API with the gateway's token; the body. */
    String admin(String path) throws IOException, InterruptedException {
        return api.get(path);
    }

    /** Any admin request with the gateway's token. */
    HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return api.send(method, path, body);
    }

    /** The value of one Prometheus sample line, e.g. metric("sbc_registrar_bindings"). */
    double metric(String sample) throws IOException, InterruptedException {
        return api.metric(sample);
    }

    /** Waits up to 5 s for a metric to reach {@code expected}; fails with its last value. */
    void awaitMetric(String sample, double expected) throws IOException, InterruptedException {
        api.awaitMetric(sample, expected);
    }

    /** Waits until no call and no call leg is left (the gauges every call test ends on). */
    void awaitCallsReleased() throws IOException, InterruptedException {
        awaitMetric("sbc_calls_active", 0);
        awaitMetric("sbc_dialogs_active", 0);
        if (gateway.config().media().enabled()) {
            awaitMetric("sbc_media_port_pairs", 0);
            awaitMetric("sbc_media_sessions", 0);
        }
    }

    /** The CDR file's lines so far (empty before the first call ends). */
    java.util.List<String> cdrLines() throws IOException {
        Path cdr = gateway.config().calls().cdrFile();
        return Files.exists(cdr) ? Files.readAllLines(cdr) : java.util.List.of();
    }

    /**
     * The CDR file's lines once there are at least {@code count}, or what is there after 5 s: the
     * gateway writes them in batches shortly after each call ends.
     */
    java.util.List<String> awaitCdrLines(int count) throws IOException, InterruptedException {
        return AdminApi.awaitCdrLines(gateway.config().calls().cdrFile(), count);
    }

    /** The sbc.yaml line for a default trunk at host:port. */
    static String trunk(String host, int port) {
        return "trunk: { enabled: true, host: %s, port: %d }".formatted(host, port);
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = freeTcpPort();
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free UDP+TCP port");
    }

    /** A port free for UDP and TCP on every address of both families (what a "::" listener takes). */
    static int freeDualStackPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("::", 0));
                port = s.getLocalPort();
            }
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("::", port))) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free dual-stack UDP+TCP port");
    }

    @Override
    public void close() {
        gateway.close();
    }
}
