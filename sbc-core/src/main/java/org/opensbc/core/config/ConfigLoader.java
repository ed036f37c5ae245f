package org.opensbc.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opensbc.core.config.GatewayConfig.Admin;
import org.opensbc.core.config.GatewayConfig.Auth;
import org.opensbc.core.config.GatewayConfig.Calls;
import org.opensbc.core.config.GatewayConfig.Media;
import org.opensbc.core.config.GatewayConfig.Trunk;
import org.opensbc.core.config.GatewayConfig.Listener;
import org.opensbc.core.config.GatewayConfig.Nat;
import org.opensbc.core.config.GatewayConfig.Registrar;
import org.opensbc.core.config.GatewayConfig.Sip;
import org.opensbc.core.config.GatewayConfig.Tls;
import org.opensbc.core.config.GatewayConfig.UserEntry;
import org.opensbc.core.config.GatewayConfig.WebSocket;
import org.opensbc.rules.RuleError;
import org.opensbc.rules.yaml.Errors;
import org.opensbc.rules.yaml.YamlTree;

/** Reads conf/sbc.yaml and the users file into a {@link GatewayConfig}. Every default is here. */
public final class ConfigLoader {

    public static final String MAIN_FILE = "sbc.yaml";
    private static final int MAX_PORT = 65535;

    private ConfigLoader() {
    }

    /** @throws ConfigException every mistake of sbc.yaml and the users file, each with file:line:col */
    public static GatewayConfig load(Path configDir) throws ConfigException {
        Path mainFile = configDir.resolve(MAIN_FILE);
        if (!Files.isRegularFile(mainFile)) {
            throw new ConfigException(mainFile + ": not found");
        }
        Errors errors = new Errors(mainFile.toString());
        YamlTree root = YamlTree.read(mainFile, errors);
        root.entries(Set.of("dataDir", "sip", "tls", "websocket", "registrar", "auth", "nat", "admin", "usersFile",
                "calls", "trunk", "media", "shutdown", "state"));
        Path dataDir = dataDir(root.get("dataDir").text(""));
        Sip sip = sip(root.get("sip"));
        Tls tls = tls(configDir, root.get("tls"));
        WebSocket websocket = websocket(root.get("websocket"));
        Registrar registrar = registrar(root.get("registrar"));
        Auth auth = auth(root.get("auth"));
        Nat natConfig = nat(root.get("nat"));
        YamlTree admin = root.get("admin");
        admin.entries(Set.of("address", "port", "token", "metricsToken"));
        String token = admin.get("token").text("");
        if (!token.isEmpty() && token.length() < 16) {
            admin.get("token").error("must be at least 16 characters (or empty: generated into dataDir)");
        }
        Admin adminConfig = new Admin(admin.get("address").text("127.0.0.1"), admin.get("port").integer(8181, 0, MAX_PORT),
                token, admin.get("metricsToken").bool(false));
        Path usersFile = configDir.resolve(root.get("usersFile").text("users.yaml"));
        Errors userErrors = new Errors(usersFile.toString());
        List<UserEntry> users = List.of();
        if (!Files.isRegularFile(usersFile)) {
            root.get("usersFile").error(usersFile + ": not found");
        } else {
            users = UsersFileLoader.read(usersFile, userErrors);
        }
        Calls calls = calls(root.get("calls"), dataDir);
        Trunk trunk = trunk(configDir, root.get("trunk"), sip.tls().enabled());
        Media media = MediaConfigLoader.media(root.get("media"));
        YamlTree shutdown = root.get("shutdown");
        shutdown.entries(Set.of("drainSeconds"));
        GatewayConfig.Shutdown shutdownConfig = new GatewayConfig.Shutdown(shutdown.get("drainSeconds").integer(30, 0, 3600));
        GatewayConfig.State state = StateConfigLoader.state(root.get("state"));
        if (!errors.isEmpty() || !userErrors.isEmpty()) {
            List<RuleError> all = new ArrayList<>(errors.list().stream().sorted().toList());
            all.addAll(userErrors.list().stream().sorted().toList());
            throw new ConfigException(all);
        }
        return new GatewayConfig(configDir, dataDir, sip, tls, websocket, registrar, auth, natConfig, adminConfig,
                calls, trunk, media, shutdownConfig, state, users);
    }

    /** Empty means $XDG_DATA_HOME/sbc or ~/.local/share/sbc: outside the source tree. */
    private static Path dataDir(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured.startsWith("~/")
                    ? System.getProperty("user.home") + configured.substring(1) : configured);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("sbc");
    }

    private static Sip sip(YamlTree sip) {
        sip.entries(Set.of("udp", "tcp", "tls", "wss", "ws", "advertisedAddress", "advertisedAddressV6", "domains",
                "maxMessageSize", "threads", "serverHeader"));
        // "::" is dual-stack (IPv4 too); on a host without IPv6 the listeners fall back to 0.0.0.0
        Listener udp = listener(sip.get("udp"), true, "::", 5060);
        Listener tcp = listener(sip.get("tcp"), true, "::", 5060);
        Listener tls = listener(sip.get("tls"), false, "::", 5061);
        Listener wss = listener(sip.get("wss"), true, "::", 8443);
        Listener ws = listener(sip.get("ws"), false, "127.0.0.1", 8080);
        Set<String> seen = new HashSet<>();
        for (Listener stream : List.of(tcp, tls, wss, ws)) {
            if (stream.enabled() && !seen.add(stream.address() + ":" + stream.port())) {
                sip.error("two stream listeners share " + stream.address() + ":" + stream.port());
            }
        }
        String advertisedV6 = sip.get("advertisedAddressV6").text("");
        if (!advertisedV6.isBlank() && advertisedV6.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            sip.get("advertisedAddressV6").error("an IPv4 address belongs in sip.advertisedAddress");
        }
        return new Sip(udp, tcp, tls, wss, ws,
                sip.get("advertisedAddress").text(""), advertisedV6,
                List.copyOf(sip.get("domains").texts()),
                sip.get("maxMessageSize").integer(16 * 1024, 4 * 1024, 64 * 1024),
                sip.get("threads").integer(4, 1, 256),
                sip.get("serverHeader").text(""));
    }

    private static Listener listener(YamlTree node, boolean enabled, String address, int port) {
        node.entries(Set.of("enabled", "address", "port"));
        return new Listener(node.get("enabled").bool(enabled), node.get("address").text(address),
                node.get("port").integer(port, 1, MAX_PORT));
    }

    private static Tls tls(Path configDir, YamlTree tls) {
        tls.entries(Set.of("certificate", "privateKey"));
        String cert = tls.get("certificate").text("");
        String key = tls.get("privateKey").text("");
        if (cert.isBlank() != key.isBlank()) {
            tls.error("give both certificate and privateKey, or neither (self-signed)");
            return new Tls(null, null);
        }
        if (cert.isBlank()) {
            return new Tls(null, null);
        }
        Path certPath = configDir.resolve(cert);
        Path keyPath = configDir.resolve(key);
        if (!Files.isReadable(certPath)) {
            tls.get("certificate").error("cannot read " + certPath);
        }
        if (!Files.isReadable(keyPath)) {
            tls.get("privateKey").error("cannot read " + keyPath);
            return new Tls(certPath, keyPath);
        }
        try {
            if (!Files.readString(keyPath, java.nio.charset.StandardCharsets.US_ASCII).contains("-----BEGIN PRIVATE KEY-----")) {
                tls.get("privateKey").error(keyPath + " is not an unencrypted PKCS#8 key; convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            tls.get("privateKey").error("cannot read " + keyPath + ": " + e.getMessage());
        }
        return new Tls(certPath, keyPath);
    }

    private static WebSocket websocket(YamlTree ws) {
        ws.entries(Set.of("pingIntervalSeconds", "idleTimeoutSeconds"));
        int ping = ws.get("pingIntervalSeconds").integer(30, 1, 3600);
        int idle = ws.get("idleTimeoutSeconds").integer(75, 2, 7200);
        if (idle <= ping) {
            ws.get("idleTimeoutSeconds").error("must be longer than pingIntervalSeconds (" + ping + ")");
        }
        return new WebSocket(Duration.ofSeconds(ping), Duration.ofSeconds(idle));
    }

    private static Registrar registrar(YamlTree reg) {
        reg.entries(Set.of("minExpires", "maxExpires", "defaultExpires", "maxContactsPerUser"));
        int min = reg.get("minExpires").integer(60, 1, 86_400);
        int max = reg.get("maxExpires").integer(3600, 1, 604_800);
        int def = reg.get("defaultExpires").integer(3600, 1, 604_800);
        if (max < min) {
            reg.get("maxExpires").error("must not be below minExpires (" + min + ")");
        }
        if (def < min || def > max) {
            reg.get("defaultExpires").error("must lie between minExpires and maxExpires");
        }
        return new Registrar(min, max, def, reg.get("maxContactsPerUser").integer(10, 1, 1000));
    }

    private static Calls calls(YamlTree calls, Path dataDir) {
        calls.entries(Set.of("ringTimeoutSeconds", "transferEnabled", "sessionExpiresSeconds",
                "minSessionExpiresSeconds", "udpSizeLimit", "cdrFile", "failoverTimeoutSeconds", "transferMode"));
        String transferMode = calls.get("transferMode").text("auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("auto", "gateway", "relay").contains(transferMode)) {
            calls.get("transferMode").error("must be auto, gateway or relay, got '" + transferMode + "'");
        }
        int minSe = calls.get("minSessionExpiresSeconds").integer(90, 90, 86_400);
        int se = calls.get("sessionExpiresSeconds").integer(1800, 90, 86_400);
        if (se < minSe) {
            calls.get("sessionExpiresSeconds").error("must not be below minSessionExpiresSeconds (" + minSe + ")");
        }
        String cdr = calls.get("cdrFile").text("");
        Path cdrFile = cdr.isBlank() ? dataDir.resolve("cdr.jsonl")
                : Path.of(cdr.startsWith("~/") ? System.getProperty("user.home") + cdr.substring(1) : cdr);
        return new Calls(Duration.ofSeconds(calls.get("ringTimeoutSeconds").integer(60, 1, 3600)),
                calls.get("transferEnabled").bool(true),
                Duration.ofSeconds(se), Duration.ofSeconds(minSe),
                calls.get("udpSizeLimit").integer(1300, 0, 65_000), cdrFile,
                Duration.ofSeconds(calls.get("failoverTimeoutSeconds").integer(5, 0, 64)), transferMode);
    }

    private static Trunk trunk(Path configDir, YamlTree trunk, boolean tlsListener) {
        trunk.entries(Set.of("enabled", "host", "port", "transport", "tcp", "tls"));
        boolean enabled = trunk.get("enabled").bool(false);
        String host = trunk.get("host").text("");
        String transport = trunk.get("transport").text("udp").toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("UDP", "TCP", "TLS").contains(transport)) {
            trunk.get("transport").error("must be udp, tcp or tls");
        }
        int port = trunk.get("port").integer("TLS".equals(transport) ? 5061 : 5060, 1, MAX_PORT);
        if (!enabled) {
            return new Trunk(false, host, "", port, transport, false, null);
        }
        if (host.isBlank()) {
            trunk.get("host").error("an enabled trunk needs a host");
            return new Trunk(true, host, "", port, transport, false, null);
        }
        if ("TLS".equals(transport) && !tlsListener) {
            trunk.get("transport").error("tls needs the gateway's TLS listener (sip.tls.enabled: true):"
                    + " outgoing TLS leaves from it");
        }
        org.opensbc.rules.model.TrunkSpec.Tls tls = trunkTls(configDir, trunk.get("tls"), transport);
        try {
            return new Trunk(true, host, java.net.InetAddress.getByName(host).getHostAddress(), port, transport,
                    trunk.get("tcp").bool(false), tls);
        } catch (java.net.UnknownHostException e) {
            trunk.get("host").error("cannot resolve " + host);
            return new Trunk(true, host, "", port, transport, false, tls);
        }
    }

    /** {@code trunk.tls: { caFile }}: the CA certificates a TLS trunk's certificate must chain to. */
    private static org.opensbc.rules.model.TrunkSpec.Tls trunkTls(Path configDir, YamlTree tls, String transport) {
        tls.entries(Set.of("caFile"));
        String ca = tls.get("caFile").text("");
        if (ca.isBlank()) {
            return null;
        }
        if (!"TLS".equals(transport)) {
            tls.get("caFile").error("applies to transport: tls only");
            return null;
        }
        Path file = configDir.resolve(ca).normalize();
        try {
            List<java.security.cert.X509Certificate> authorities = org.opensbc.sip.tls.PemKeyPair.certificates(file);
            if (authorities.isEmpty()) {
                tls.get("caFile").error(file + " holds no PEM certificate");
                return null;
            }
            return new org.opensbc.rules.model.TrunkSpec.Tls(file, authorities);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            tls.get("caFile").error("cannot read CA certificates from " + file + ": " + e.getMessage());
            return null;
        }
    }

    private static Nat nat(YamlTree nat) {
        nat.entries(Set.of("keepaliveIntervalSeconds", "detect"));
        Duration keepalive = Duration.ofSeconds(nat.get("keepaliveIntervalSeconds").integer(30, 0, 3600));
        String detect = nat.get("detect").text("auto");
        try {
            return new Nat(keepalive, org.opensbc.core.net.NatDetection.Mode.parse(detect));
        } catch (IllegalArgumentException e) {
            nat.get("detect").error("must be one of auto, always or never, got '" + detect + "'");
            return new Nat(keepalive, org.opensbc.core.net.NatDetection.Mode.parse("auto"));
        }
    }

    private static Auth auth(YamlTree auth) {
        auth.entries(Set.of("realm", "nonceLifetimeSeconds", "banAfterFailures", "failureWindowSeconds", "banSeconds"));
        String realm = auth.get("realm").text("sbc");
        if (realm.isBlank() || realm.contains("\"")) {
            auth.get("realm").error("must be a non-empty name without quotes");
        }
        return new Auth(realm,
                Duration.ofSeconds(auth.get("nonceLifetimeSeconds").integer(300, 5, 86_400)),
                auth.get("banAfterFailures").integer(10, 0, 1_000_000),
                Duration.ofSeconds(auth.get("failureWindowSeconds").integer(60, 1, 86_400)),
                Duration.ofSeconds(auth.get("banSeconds").integer(300, 1, 604_800)));
    }
}
