package org.opensbc.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/** Reads conf/sbc.yaml and the users file into a {@link GatewayConfig}. Every default is here. */
public final class ConfigLoader {

    public static final String MAIN_FILE = "sbc.yaml";
    private static final int MAX_PORT = 65535;

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path configDir) throws ConfigException {
        Path mainFile = configDir.resolve(MAIN_FILE);
        if (!Files.isRegularFile(mainFile)) {
            throw new ConfigException(mainFile + ": not found");
        }
        YamlNode root = YamlNode.load(mainFile)
                .expectKeys(Set.of("dataDir", "sip", "tls", "websocket", "registrar", "auth", "nat", "admin", "usersFile",
                        "calls", "trunk", "media", "shutdown"));
        Path dataDir = dataDir(root.string("dataDir", ""));
        Sip sip = sip(root.child("sip"));
        Tls tls = tls(configDir, root.child("tls"));
        WebSocket websocket = websocket(root.child("websocket"));
        Registrar registrar = registrar(root.child("registrar"));
        Auth auth = auth(root.child("auth"));
        Nat natConfig = nat(root.child("nat"));
        YamlNode admin = root.child("admin").expectKeys(Set.of("address", "port", "token", "metricsToken"));
        String token = admin.string("token", "");
        if (!token.isEmpty() && token.length() < 16) {
            throw admin.child("token").error("must be at least 16 characters (or empty: generated into dataDir)");
        }
        Admin adminConfig = new Admin(admin.string("address", "127.0.0.1"), admin.integer("port", 8181, 0, MAX_PORT),
                token, admin.bool("metricsToken", false));
        Path usersFile = configDir.resolve(root.string("usersFile", "users.yaml"));
        List<UserEntry> users = UsersFileLoader.load(usersFile);
        Calls calls = calls(root.child("calls"), dataDir);
        Trunk trunk = trunk(configDir, root.child("trunk"), sip.tls().enabled());
        Media media = MediaConfigLoader.media(root.child("media"));
        YamlNode shutdown = root.child("shutdown").expectKeys(Set.of("drainSeconds"));
        GatewayConfig.Shutdown shutdownConfig = new GatewayConfig.Shutdown(shutdown.integer("drainSeconds", 30, 0, 3600));
        return new GatewayConfig(configDir, dataDir, sip, tls, websocket, registrar, auth, natConfig, adminConfig,
                calls, trunk, media, shutdownConfig, users);
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

    private static Sip sip(YamlNode sip) throws ConfigException {
        sip.expectKeys(Set.of("udp", "tcp", "tls", "wss", "ws", "advertisedAddress", "advertisedAddressV6", "domains",
                "maxMessageSize", "threads", "serverHeader"));
        // "::" is dual-stack (IPv4 too); on a host without IPv6 the listeners fall back to 0.0.0.0
        Listener udp = listener(sip.child("udp"), true, "::", 5060);
        Listener tcp = listener(sip.child("tcp"), true, "::", 5060);
        Listener tls = listener(sip.child("tls"), false, "::", 5061);
        Listener wss = listener(sip.child("wss"), true, "::", 8443);
        Listener ws = listener(sip.child("ws"), false, "127.0.0.1", 8080);
        Set<String> seen = new HashSet<>();
        for (Listener stream : List.of(tcp, tls, wss, ws)) {
            if (stream.enabled() && !seen.add(stream.address() + ":" + stream.port())) {
                throw sip.error("two stream listeners share " + stream.address() + ":" + stream.port());
            }
        }
        String advertisedV6 = sip.string("advertisedAddressV6", "");
        if (!advertisedV6.isBlank() && advertisedV6.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw sip.child("advertisedAddressV6").error("an IPv4 address belongs in sip.advertisedAddress");
        }
        return new Sip(udp, tcp, tls, wss, ws,
                sip.string("advertisedAddress", ""), advertisedV6,
                List.copyOf(sip.strings("domains")),
                sip.integer("maxMessageSize", 16 * 1024, 4 * 1024, 64 * 1024),
                sip.integer("threads", 4, 1, 256),
                sip.string("serverHeader", ""));
    }

    private static Listener listener(YamlNode node, boolean enabled, String address, int port) throws ConfigException {
        node.expectKeys(Set.of("enabled", "address", "port"));
        return new Listener(node.bool("enabled", enabled), node.string("address", address),
                node.integer("port", port, 1, MAX_PORT));
    }

    private static Tls tls(Path configDir, YamlNode tls) throws ConfigException {
        tls.expectKeys(Set.of("certificate", "privateKey"));
        String cert = tls.string("certificate", "");
        String key = tls.string("privateKey", "");
        if (cert.isBlank() != key.isBlank()) {
            throw tls.error("give both certificate and privateKey, or neither (self-signed)");
        }
        if (cert.isBlank()) {
            return new Tls(null, null);
        }
        Path certPath = configDir.resolve(cert);
        Path keyPath = configDir.resolve(key);
        if (!Files.isReadable(certPath)) {
            throw tls.child("certificate").error("cannot read " + certPath);
        }
        if (!Files.isReadable(keyPath)) {
            throw tls.child("privateKey").error("cannot read " + keyPath);
        }
        try {
            if (!Files.readString(keyPath, java.nio.charset.StandardCharsets.US_ASCII).contains("-----BEGIN PRIVATE KEY-----")) {
                throw tls.child("privateKey").error(keyPath + " is not an unencrypted PKCS#8 key; convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw tls.child("privateKey").error("cannot read " + keyPath + ": " + e.getMessage());
        }
        return new Tls(certPath, keyPath);
    }

    private static WebSocket websocket(YamlNode ws) throws ConfigException {
        ws.expectKeys(Set.of("pingIntervalSeconds", "idleTimeoutSeconds"));
        int ping = ws.integer("pingIntervalSeconds", 30, 1, 3600);
        int idle = ws.integer("idleTimeoutSeconds", 75, 2, 7200);
        if (idle <= ping) {
            throw ws.child("idleTimeoutSeconds").error("must be longer than pingIntervalSeconds (" + ping + ")");
        }
        return new WebSocket(Duration.ofSeconds(ping), Duration.ofSeconds(idle));
    }

    private static Registrar registrar(YamlNode reg) throws ConfigException {
        reg.expectKeys(Set.of("minExpires", "maxExpires", "defaultExpires", "maxContactsPerUser"));
        int min = reg.integer("minExpires", 60, 1, 86_400);
        int max = reg.integer("maxExpires", 3600, 1, 604_800);
        int def = reg.integer("defaultExpires", 3600, 1, 604_800);
        if (max < min) {
            throw reg.child("maxExpires").error("must not be below minExpires (" + min + ")");
        }
        if (def < min || def > max) {
            throw reg.child("defaultExpires").error("must lie between minExpires and maxExpires");
        }
        return new Registrar(min, max, def, reg.integer("maxContactsPerUser", 10, 1, 1000));
    }

    private static Calls calls(YamlNode calls, Path dataDir) throws ConfigException {
        calls.expectKeys(Set.of("ringTimeoutSeconds", "transferEnabled", "sessionExpiresSeconds",
                "minSessionExpiresSeconds", "udpSizeLimit", "cdrFile", "failoverTimeoutSeconds", "transferMode"));
        String transferMode = calls.string("transferMode", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("auto", "gateway", "relay").contains(transferMode)) {
            throw calls.child("transferMode").error("must be auto, gateway or relay, got '" + transferMode + "'");
        }
        int minSe = calls.integer("minSessionExpiresSeconds", 90, 90, 86_400);
        int se = calls.integer("sessionExpiresSeconds", 1800, 90, 86_400);
        if (se < minSe) {
            throw calls.child("sessionExpiresSeconds").error("must not be below minSessionExpiresSeconds (" + minSe + ")");
        }
        String cdr = calls.string("cdrFile", "");
        Path cdrFile = cdr.isBlank() ? dataDir.resolve("cdr.jsonl")
                : Path.of(cdr.startsWith("~/") ? System.getProperty("user.home") + cdr.substring(1) : cdr);
        return new Calls(Duration.ofSeconds(calls.integer("ringTimeoutSeconds", 60, 1, 3600)),
                calls.bool("transferEnabled", true),
                Duration.ofSeconds(se), Duration.ofSeconds(minSe),
                calls.integer("udpSizeLimit", 1300, 0, 65_000), cdrFile,
                Duration.ofSeconds(calls.integer("failoverTimeoutSeconds", 5, 0, 64)), transferMode);
    }

    private static Trunk trunk(Path configDir, YamlNode trunk, boolean tlsListener) throws ConfigException {
        trunk.expectKeys(Set.of("enabled", "host", "port", "transport", "tcp", "tls"));
        boolean enabled = trunk.bool("enabled", false);
        String host = trunk.string("host", "");
        String transport = trunk.string("transport", "udp").toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("UDP", "TCP", "TLS").contains(transport)) {
            throw trunk.child("transport").error("must be udp, tcp or tls");
        }
        int port = trunk.integer("port", "TLS".equals(transport) ? 5061 : 5060, 1, MAX_PORT);
        if (!enabled) {
            return new Trunk(false, host, "", port, transport, false, null);
        }
        if (host.isBlank()) {
            throw trunk.child("host").error("an enabled trunk needs a host");
        }
        if ("TLS".equals(transport) && !tlsListener) {
            throw trunk.child("transport").error("tls needs the gateway's TLS listener (sip.tls.enabled: true):"
                    + " outgoing TLS leaves from it");
        }
        org.opensbc.rules.model.TrunkSpec.Tls tls = trunkTls(configDir, trunk.child("tls"), transport);
        try {
            return new Trunk(true, host, java.net.InetAddress.getByName(host).getHostAddress(), port, transport,
                    trunk.bool("tcp", false), tls);
        } catch (java.net.UnknownHostException e) {
            throw trunk.child("host").error("cannot resolve " + host);
        }
    }

    /** {@code trunk.tls: { caFile }}: the CA certificates a TLS trunk's certificate must chain to. */
    private static org.opensbc.rules.model.TrunkSpec.Tls trunkTls(Path configDir, YamlNode tls, String transport)
            throws ConfigException {
        tls.expectKeys(Set.of("caFile"));
        String ca = tls.string("caFile", "");
        if (ca.isBlank()) {
            return null;
        }
        if (!"TLS".equals(transport)) {
            throw tls.child("caFile").error("applies to transport: tls only");
        }
        Path file = configDir.resolve(ca).normalize();
        try {
            List<java.security.cert.X509Certificate> authorities = org.opensbc.sip.tls.PemKeyPair.certificates(file);
            if (authorities.isEmpty()) {
                throw tls.child("caFile").error(file + " holds no PEM certificate");
            }
            return new org.opensbc.rules.model.TrunkSpec.Tls(file, authorities);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw tls.child("caFile").error("cannot read CA certificates from " + file + ": " + e.getMessage());
        }
    }

    private static Nat nat(YamlNode nat) throws ConfigException {
        nat.expectKeys(Set.of("keepaliveIntervalSeconds", "detect"));
        String detect = nat.string("detect", "auto");
        try {
            return new Nat(Duration.ofSeconds(nat.integer("keepaliveIntervalSeconds", 30, 0, 3600)),
                    org.opensbc.core.net.NatDetection.Mode.parse(detect));
        } catch (IllegalArgumentException e) {
            throw nat.child("detect").error("must be one of auto, always or never, got '" + detect + "'");
        }
    }

    private static Auth auth(YamlNode auth) throws ConfigException {
        auth.expectKeys(Set.of("realm", "nonceLifetimeSeconds", "banAfterFailures", "failureWindowSeconds", "banSeconds"));
        String realm = auth.string("realm", "sbc");
        if (realm.isBlank() || realm.contains("\"")) {
            throw auth.child("realm").error("must be a non-empty name without quotes");
        }
        return new Auth(realm,
                Duration.ofSeconds(auth.integer("nonceLifetimeSeconds", 300, 5, 86_400)),
                auth.integer("banAfterFailures", 10, 0, 1_000_000),
                Duration.ofSeconds(auth.integer("failureWindowSeconds", 60, 1, 86_400)),
                Duration.ofSeconds(auth.integer("banSeconds", 300, 1, 604_800)));
    }
}
