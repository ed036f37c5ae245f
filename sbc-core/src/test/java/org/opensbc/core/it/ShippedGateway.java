package org.opensbc.core.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a newcomer runs it: the README's command ({@code scripts/run.sh}, the jar the
 * build made) on a copy of the shipped {@code conf/} in which only users.yaml is replaced, with
 * its data directory where the shipped default puts it ($XDG_DATA_HOME/sbc, here a temporary
 * directory). A default that only works on loopback breaks the tests that use this.
 *
 * <p>Listens where the shipped files say (SIP 5060, WSS 8443, admin 8181). Only for running
 * suites side by side on one machine, {@code -Dit.shippedPortOffset=N} moves those ports (and the
 * media range) by N; CI never sets it.
 */
final class ShippedGateway implements AutoCloseable {

    static final Path REPO = Path.of(System.getProperty("sbc.repo.root", "..")).toAbsolutePath().normalize();
    private static final int PORT_OFFSET = Integer.getInteger("it.shippedPortOffset", 0);

    /** Test users: name and password (the shipped users.yaml has demo users without passwords). */
    static final Map<String, String> USERS = Map.of(
            "alice", "alice-secret-1", "bob", "bob-secret-22", "carol", "carol-secret-333", "dave", "dave-secret-4444");

    final Path configDir;
    final Path dataDir;
    final Path log;
    final int sipPort;
    final int tlsPort;
    final int wssPort;
    final int adminPort;
    /** The relay's port range, as the sbc.yaml it runs on says. */
    final int mediaFirstPort;
    final int mediaLastPort;
    /** How the gateway is started, again on the same conf/ and data directory by {@link #restart}. */
    private final ProcessBuilder launcher;
    /** The running gateway; replaced by {@link #restart}. Confined to the test's thread. */
    private Process process;
    private final AdminApi api;

    private ShippedGateway(Path configDir, Path dataDir, Path log, ProcessBuilder launcher, int offset)
            throws IOException {
        this.sipPort = 5060 + offset;
        this.tlsPort = 5061 + offset;
        this.wssPort = 8443 + offset;
        this.adminPort = 8181 + offset;
        this.configDir = configDir;
        this.dataDir = dataDir;
        this.log = log;
        this.launcher = launcher;
        this.process = launcher.start();
        this.api = new AdminApi(adminPort, this::adminToken);
        String sbcYaml;
        try {
            sbcYaml = Files.readString(configDir.resolve("sbc.yaml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.mediaFirstPort = yamlInt(sbcYaml, "firstPort");
        this.mediaLastPort = yamlInt(sbcYaml, "lastPort");
    }

    private static int yamlInt(String yaml, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + key + ":\\s*(\\d+)").matcher(yaml);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in sbc.yaml");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Starts it and waits for /health; fails with the gateway's log when it does not come up. */
    static ShippedGateway start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /**
     * @param edits files of the config directory to write after copying the shipped ones (a test
     *              that needs, say, a trunk in routing.yaml); users.yaml is always the test users
     */
    static ShippedGateway start(Map<String, String> edits) throws IOException, InterruptedException {
        return start(edits, null);
    }

    /**
     * Inside a network namespace: the test JVM cannot reach its admin API there, so this waits
     * for the start-up log line instead of /health.
     */
    static ShippedGateway startIn(NetNamespace namespace) throws IOException, InterruptedException {
        return start(Map.of(), namespace);
    }

    /**
     * One node of a cluster on one host: its ports (and media range) moved by {@code extraOffset}
     * more than the others', sbc.yaml changed by {@code sbcYaml} (the node's state: section).
     */
    static ShippedGateway startNode(int extraOffset, java.util.function.UnaryOperator<String> sbcYaml)
            throws IOException, InterruptedException {
        int offset = PORT_OFFSET + extraOffset;
        return start(Map.of("sbc.yaml", sbcYaml.apply(movePorts(
                Files.readString(REPO.resolve("conf").resolve("sbc.yaml")), offset))), null, offset);
    }

    private static ShippedGateway start(Map<String, String> edits, NetNamespace namespace)
            throws IOException, InterruptedException {
        return start(edits, namespace, PORT_OFFSET);
    }

    private static ShippedGateway start(Map<String, String> edits, NetNamespace namespace, int offset)
            throws IOException, InterruptedException {
        Path work = TempDirs.create("sbc-shipped");
        Path conf = Files.createDirectories(work.resolve("conf"));
        try (var files = Files.list(REPO.resolve("conf"))) {
            for (Path f : files.toList()) {
                Files.writeString(conf.resolve(f.getFileName().toString()), movePorts(Files.readString(f), offset));
            }
        }
        StringBuilder users = new StringBuilder("users:\n");
        USERS.forEach((name, password) -> users.append("  - { username: ").append(name)
                .append(", password: ").append(password).append(" }\n"));
        Files.writeString(conf.resolve("users.yaml"), users);
        for (Map.Entry<String, String> e : edits.entrySet()) {
            Files.writeString(conf.resolve(e.getKey()), e.getValue());
        }
        Path dataHome = Files.createDirectories(work.resolve("data-home"));
        Path log = work.resolve("sbc.log");
        List<String> command = List.of("bash", REPO.resolve("scripts/run.sh").toString(), "--config", conf.toString());
        ProcessBuilder pb = new ProcessBuilder(namespace == null ? command : namespace.wrap(command))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("XDG_DATA_HOME", dataHome.toString());
        pb.environment().put("SBC_SKIP_BUILD", "1");
        pb.environment().put("SBC_HEAP", "512m");
        ShippedGateway gw = new ShippedGateway(conf, dataHome.resolve("sbc"), log, pb, offset);
        if (namespace == null) {
            gw.awaitHealthy();
        } else {
            gw.awaitLog("gateway up");
        }
        return gw;
    }

    /**
     * A shipped conf/ file as {@link #start} would write it (ports moved by the offset), for a
     * test that changes one setting and passes the file back in {@code edits}.
     */
    static String shipped(String file) throws IOException {
        return movePorts(Files.readString(REPO.resolve("conf").resolve(file)), PORT_OFFSET);
    }

    private static String movePorts(String yaml, int offset) {
        if (offset == 0) {
            return yaml;
        }
        for (String key : List.of("port: 5060", "port: 5061", "port: 8443", "port: 8080", "port: 8181")) {
            int port = Integer.parseInt(key.substring(6));
            yaml = yaml.replace(key, "port: " + (port + offset));
        }
        // a media range of its own too (offset 100: 45000-49999, 200: 50000-54999)
        return yaml.replace("firstPort: 30000", "firstPort: " + (40000 + 50 * offset))
                .replace("lastPort: 39999", "lastPort: " + (44999 + 50 * offset));
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (api.anonymous("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new AssertionError("the gateway did not become healthy in 40 s:\n" + log());
    }

    /** Waits up to 40 s for the log to contain {@code text}. */
    void awaitLog(String text) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!log().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > end) {
                close();
                throw new AssertionError("no '" + text + "' in the gateway's log:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    static String password(String user) {
        return USERS.get(user);
    }

    /** The admin token the gateway generated at first start (dataDir/admin-token). */
    String adminToken() {
        try {
            return Files.readString(dataDir.resolve("admin-token")).trim();
        } catch (IOException e) {
            throw new AssertionError("no admin token in " + dataDir, e);
        }
    }

    /** What the gateway has logged so far. */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    String admin(String path) throws IOException, InterruptedException {
        return api.get(path);
    }

    HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return api.send(method, path, body);
    }

    AdminApi api() {
        return api;
    }

    double metric(String sample) throws IOException, InterruptedException {
        return api.metric(sample);
    }

    void awaitMetric(String sample, double expected) throws IOException, InterruptedException {
        api.awaitMetric(sample, expected);
    }

    /** Waits until no call, leg or media session is left. */
    void awaitCallsReleased() throws IOException, InterruptedException {
        awaitMetric("sbc_calls_active", 0);
        awaitMetric("sbc_dialogs_active", 0);
        awaitMetric("sbc_media_port_pairs", 0);
        awaitMetric("sbc_media_sessions", 0);
    }

    /** The CDR lines once there are at least {@code count}, or what is there after 5 s. */
    List<String> awaitCdrLines(int count) throws IOException, InterruptedException {
        return AdminApi.awaitCdrLines(dataDir.resolve("cdr.jsonl"), count);
    }

    /** SIGKILL ({@code kill -9}), as a crash or the OOM killer ends it: nothing is drained or written. */
    void kill() throws InterruptedException {
        if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway did not die of SIGKILL in 10 s");
        }
    }

    /**
     * Starts the gateway again on the same conf/ and data directory (after {@link #kill} or a
     * stop), its log appended to the same file, and waits for /health.
     */
    void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the gateway still runs: kill or stop it first");
        }
        process = launcher.start();
        awaitHealthy();
    }

    /** SIGTERM, as a service manager stops it; its exit code (or -1 if it did not exit in time). */
    int stop(int seconds) throws InterruptedException {
        terminate();
        return awaitExit(seconds);
    }

    /** Sends SIGTERM and returns at once (the gateway drains meanwhile). */
    void terminate() {
        process.destroy();
    }

    /** The exit code once the process is gone, or -1 if it is still running after {@code seconds}. */
    int awaitExit(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && stop(40) == -1) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
