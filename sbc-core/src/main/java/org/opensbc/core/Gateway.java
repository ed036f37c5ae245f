package org.opensbc.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opensbc.core.acl.Acl;
import org.opensbc.core.acl.RateLimiter;
import org.opensbc.core.acl.AccessControl;
import org.opensbc.core.admin.AdminHttpServer;
import org.opensbc.core.admin.AdminToken;
import org.opensbc.core.admin.CallsJson;
import org.opensbc.core.admin.PolicyEndpoints;
import org.opensbc.core.admin.TrunksJson;
import org.opensbc.core.routing.PolicyWatcher;
import org.opensbc.core.admin.RegistrationsJson;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.auth.DigestAuthenticator;
import org.opensbc.core.auth.GeneratedCredentials;
import org.opensbc.core.auth.NonceService;
import org.opensbc.core.auth.UserDirectory;
import org.opensbc.core.b2bua.SipGateway;
import org.opensbc.core.cdr.CdrWriter;
import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.net.AdvertisedAddresses;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.core.state.GatewayState;
import org.opensbc.core.state.Heartbeat;
import org.opensbc.core.admin.ClusterJson;
import org.opensbc.core.state.NodeIdentity;
import org.opensbc.core.state.StateStartup;
import org.opensbc.state.StateStore;
import org.opensbc.core.routing.Routing;
import org.opensbc.core.tls.CertificateReloader;
import org.opensbc.rules.RoutingSecrets;
import org.opensbc.core.tls.SelfSignedCertificate;
import org.opensbc.core.trunk.TrunkTlsPeers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part from the configuration, starts them, stops them. */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Clock clock = Clock.systemUTC();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private LocationService location;
    private GatewayState state;
    private NonceService nonces;
    private final AuthFailureTracker bans;
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maintenance");
        t.setDaemon(true);
        return t;
    });
    private SipGateway sip;
    private org.opensbc.core.routing.RoutingTable routing;
    private org.opensbc.core.routing.PolicyFile<org.opensbc.rules.acl.AclPolicy> acl;
    private AccessControl access;
    private PolicyWatcher watcher;
    private String adminToken;
    private CdrWriter cdr;
    private AdminHttpServer admin;
    private InetSocketAddress adminAddress;
    private AdvertisedAddresses advertised;
    private boolean closed;

    public Gateway(GatewayConfig config) {
        this.config = config;
        this.bans = new AuthFailureTracker(clock, config.auth().banAfterFailures(),
                config.auth().failureWindow(), config.auth().banDuration());
    }

    /** @throws ConfigException a rules file with mistakes (routing.yaml): the gateway does not start on them */
    public synchronized void start() throws IOException, ConfigException {
        Files.createDirectories(config.dataDir());
        String nodeId = NodeIdentity.id(config);
        RateLimiter rateLimiter = new RateLimiter(System::nanoTime);
        StateStartup restoring = StateStartup.begin(config, nodeId, clock, bans, rateLimiter, metrics);
        UserDirectory users;
        LocalDomains domains;
        try { // what needs no state, built while the store is read
            users = GeneratedCredentials.directory(config.users(), config.auth().realm(), config.dataDir());
            advertised = AdvertisedAddresses.resolve(config);
            domains = LocalDomains.of(config.sip().domains(), advertised.sip(), advertised.sipV6());
            cdr = new CdrWriter(config.calls().cdrFile());
            routing = Routing.start(config, domains, users, metrics,
                    config.state().kind() == org.opensbc.state.StateStores.Kind.REDIS
                            ? (trunk, delta) -> state.store().addToCounter("trunk-calls:" + trunk, delta) : null);
            acl = Acl.start(config, routing, metrics);
            access = new AccessControl(bans, acl, routing, rateLimiter);
        } finally {
            tookOver(restoring); // on a failure too: close() then closes the store
        }
        StateStore store = state.store();
        if (!org.opensbc.core.net.HostAddresses.ipv6Available()) {
            LOG.info("this host has no IPv6: listeners configured on \"::\" take IPv4 only (0.0.0.0)");
        }
        LOG.info("{}", advertised.how());
        if (advertised.loopbackOnWildcard(config)) {
            LOG.warn("ADVERTISING A LOOPBACK ADDRESS while listening on all interfaces: phones and browsers on other "
                    + "machines get no answer and no audio ({}). Unless this is meant, set sip.advertisedAddress and "
                    + "media.advertisedAddress in sbc.yaml", advertised.how());
        }
        metrics.gauge("sbc.registrar.bindings", "registered contacts", location::bindingCount);
        metrics.gauge("sbc.registrar.aors", "addresses of record with at least one contact", location::aorCount);
        metrics.gauge("sbc.auth.banned.sources", "sources banned now", bans::activeBans);
        metrics.gauge("sbc.auth.users", "users in the directory", users::size);
        metrics.gauge("sbc.cdr.dropped", "CDR lines lost because the writer fell behind", cdr::dropped);

        adminToken = AdminToken.resolve(config.admin().token(), config.dataDir());
        admin = new AdminHttpServer(new InetSocketAddress(config.admin().address(), config.admin().port()), adminToken)
                .route("GET", "/health", true, body -> isHealthy()
                        ? AdminHttpServer.Reply.json(200, "{\"status\":\"UP\"}\n")
                        : AdminHttpServer.Reply.json(503, sip != null && sip.isDraining()
                                ? "{\"status\":\"DRAINING\"}\n" : "{\"status\":\"STARTING\"}\n"))
                .route("GET", "/metrics", !config.admin().metricsToken(), body -> new AdminHttpServer.Reply(200,
                        "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()))
                .route("GET", "/registrations", false, body -> AdminHttpServer.Reply.json(200,
                        RegistrationsJson.render(location, clock.millis())))
                .route("GET", "/calls", false, body -> AdminHttpServer.Reply.json(200,
                        CallsJson.render(sip == null ? java.util.List.of() : sip.calls())));
        adminAddress = admin.start();

        metrics.counterFunction("sbc.acl.rate.limited", "requests (UDP: datagrams) dropped: their source went over its rate",
                access, AccessControl::rateLimited);
        metrics.gauge("sbc.acl.rate.banned.sources", "sources banned now for their request rate", access::rateBannedSources);
        metrics.counterFunction("sbc.acl.rate.answers",
                "503 Retry-After answers to sources banned for their rate (at most one a second each)", access,
                AccessControl::rateAnswered);
        metrics.counterFunction("sbc.log.suppressed",
                "JAIN-SIP warnings not written to the log (more than 20 in 10 s)",
                org.opensbc.sip.logging.Slf4jStackLogger.throttle(), org.opensbc.sip.logging.LogThrottle::suppressedTotal);
        sip = new SipGateway(config, metrics, location,
                new DigestAuthenticator(users, nonces, bans), domains, tlsMaterial(domains), clock, routing, access, access,
                cdr, advertised, store);
        sip.start();
        admin.route("GET", "/trunks", false, body -> AdminHttpServer.Reply.json(200,
                TrunksJson.render(routing.current().trunks(), sip::registrationState)));
        PolicyEndpoints.add(admin, "/rules", routing.file(), "# no routing.yaml: the built-in rules are in force\n",
                new PolicyEndpoints.Secrets() {
                    @Override
                    public String shown(String text) {
                        return RoutingSecrets.mask(text);
                    }

                    @Override
                    public String taken(String text) throws org.opensbc.rules.RulesException {
                        return RoutingSecrets.unmask(text, routing.file().file().getFileName().toString(),
                                routing.passwordsInForce());
                    }
                });
        PolicyEndpoints.add(admin, "/acl", acl, "# no acl.yaml: the built-in access policy is in force\n",
                PolicyEndpoints.Secrets.NONE);
        watcher = new PolicyWatcher(config.configDir(), List.of(routing.file(), acl));

        Heartbeat heartbeat = new Heartbeat(store.membership(), clock, store.nodeId(),
                NodeIdentity.address(config, advertised.sip()),
                org.opensbc.core.net.IpLiteral.uriHost(adminAddress.getHostString()) + ":" + adminAddress.getPort(),
                () -> sip.calls().size(), location::bindingCount);
        heartbeat.run(); // known to the other nodes before this one's first registration
        maintenance.scheduleAtFixedRate(heartbeat, Heartbeat.INTERVAL_MILLIS, Heartbeat.INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        admin.route("GET", "/cluster", false, body -> AdminHttpServer.Reply.json(200, ClusterJson.render(
                store.nodeId(), config.state().kind().name().toLowerCase(java.util.Locale.ROOT), store.health(),
                store.membership().nodes(), bindingsByNode(), clock.millis())));
        maintenance.scheduleAtFixedRate(this::purge, 10, 10, TimeUnit.SECONDS);
        long keepalive = config.nat().keepaliveInterval().toMillis();
        if (keepalive > 0) {
            maintenance.scheduleAtFixedRate(sip::sendKeepalives, keepalive, keepalive, TimeUnit.MILLISECONDS);
        }
        LOG.info("gateway up: {} users, domains {}, admin http://{}:{}/health", users.size(), domains.all(),
                adminAddress.getHostString(), adminAddress.getPort());
    }

    /** The restored state, taken over once the store is read (its failure: the gateway does not start). */
    private void tookOver(StateStartup restoring) throws IOException {
        StateStartup.Restored restored = restoring.await();
        location = restored.location();
        state = restored.state();
        nonces = restored.nonces();
    }

    private SipGateway.TlsMaterial tlsMaterial(LocalDomains domains) throws IOException {
        GatewayConfig.Sip sipConfig = config.sip();
        if (!sipConfig.wss().enabled() && !sipConfig.tls().enabled()) {
            return new SipGateway.TlsMaterial(null, null);
        }
        java.nio.file.Path cert = config.tls().certificate();
        java.nio.file.Path key = config.tls().privateKey();
        if (cert == null) {
            List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
            for (String host : new String[] {advertised.sip(), advertised.sipV6()}) {
                if (host != null && !names.contains(host)) {
                    names.add(host); // what peers connect to
                }
            }
            SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(config.dataDir(), names);
            cert = pem.certificate();
            key = pem.privateKey();
        }
        CertificateReloader reloader = CertificateReloader.load(cert, key);
        maintenance.scheduleWithFixedDelay(reloader::check, 1, 1, TimeUnit.SECONDS);
        try {
            return new SipGateway.TlsMaterial(reloader.keys(), new TrunkTlsPeers(() -> routing.current().trunks()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("no TLS trust store: " + e.getMessage(), e);
        }
    }

    private java.util.Map<String, Long> bindingsByNode() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        location.forEach((aor, b) -> counts.merge(b.node() == null ? "" : b.node(), 1L, Long::sum));
        return counts;
    }

    private void purge() {
        try {
            location.purgeExpired();
            nonces.purgeExpired();
            bans.purge();
            if (access != null) {
                access.purge();
            }
        } catch (RuntimeException e) {
            LOG.warn("periodic purge failed", e);
        }
    }

    public boolean isHealthy() {
        return sip != null && sip.isUp() && !sip.isDraining();
    }

    /**
     * SIGTERM's stop: drains (see {@link SipGateway#drain}) for {@code shutdown.drainSeconds}, or
     * until {@code hurry} says a second signal came, then closes.
     */
    public void drainAndClose(java.util.function.BooleanSupplier hurry) throws InterruptedException {
        SipGateway s = sip;
        if (s != null) {
            s.drain(java.time.Duration.ofSeconds(config.shutdown().drainSeconds()), hurry);
        }
        close();
    }

    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    public GatewayConfig config() {
        return config;
    }

    public LocationService location() {
        return location;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The bearer token the admin API wants (configured, or generated into dataDir). */
    public String adminToken() {
        return adminToken;
    }

    /** The routing rules and trunks in force (for tests and tools in this process). */
    public org.opensbc.core.routing.RoutingTable routing() {
        return routing;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.shutdownNow();
        if (watcher != null) {
            watcher.close();
        }
        if (sip != null) {
            sip.stop();
        }
        if (admin != null) {
            admin.stop();
        }
        if (cdr != null) {
            cdr.close();
        }
        if (state != null) {
            state.store().close();
        }
        metrics.close();
        LOG.info("gateway stopped");
    }
}
