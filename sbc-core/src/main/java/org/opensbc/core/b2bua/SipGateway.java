package org.opensbc.core.b2bua;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.opensbc.core.call.CallEvent;
import org.opensbc.core.call.HangUpReason;
import org.opensbc.core.cdr.CdrWriter;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.auth.DigestAuthenticator;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.config.GatewayConfig.Listener;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.media.relay.MediaRelay;
import org.opensbc.media.relay.RelayConfig;
import org.opensbc.media.relay.Side;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.sip.SipStackFactory;
import org.opensbc.sip.SipStackSettings;
import org.opensbc.sip.spi.FlowTransport;
import org.opensbc.ws.WebSocketFlowTransport;
import org.opensbc.ws.WebSocketSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signalling plane: one JAIN-SIP stack with a listening point per enabled transport
 * (UDP, TCP and TLS its own; WS and WSS through Netty), one provider and the request handlers.
 */
public final class SipGateway {

    private static final Logger LOG = LoggerFactory.getLogger(SipGateway.class);

    /**
     * What WSS and TLS serve (the gateway's reloadable certificate and key) and how the servers it
     * connects to over TLS are checked; nulls when neither listener is on.
     */
    public record TlsMaterial(org.opensbc.sip.tls.ReloadableKeyManager keys,
            org.opensbc.core.trunk.TrunkTlsPeers peers) { }

    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    /** Started with the SIP stack; null when off or stopped. */
    private MediaRelay media;
    private final LocationService location;
    private final DigestAuthenticator auth;
    private final LocalDomains domains;
    private final TlsMaterial tls;
    private final Clock clock;
    private final RoutingTable routing;
    private final org.opensbc.sip.admission.AccessStage access;
    private final org.opensbc.sip.admission.SourceFilter sources;
    /** What the admission valve and the UDP reader drop, summed up in the log every 10 s. */
    private final org.opensbc.sip.admission.DropSummary drops = new org.opensbc.sip.admission.DropSummary();
    private final CdrWriter cdr;
    private final org.opensbc.core.net.AdvertisedAddresses advertised;
    /** Where bindings, trunk registrations and call records are kept beyond this process. */
    private final org.opensbc.state.StateStore state;
    /** The other nodes sharing the store: who holds which connections, and who may pass calls on. */
    private final org.opensbc.core.state.ClusterView cluster;
    private final CallRegistry calls = new CallRegistry();
    /** Ring timers and session timers; cancelled tasks leave the queue at once. */
    private final ScheduledThreadPoolExecutor callTimers = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "call-timers");
        t.setDaemon(true);
        return t;
    });
    private volatile CallSetup setup;
    /** Moves every call's lifecycle; set at start. */
    private volatile CallDriver driver;
    private volatile CallEnding ending;
    private SipStack stack;
    private NatKeepaliveSender keepalives;
    private volatile TrunkRegistrations registrations;
    private volatile boolean up;

    public SipGateway(GatewayConfig config, GatewayMetrics metrics, LocationService location,
            DigestAuthenticator auth, LocalDomains domains, TlsMaterial tls, Clock clock,
            RoutingTable routing, org.opensbc.sip.admission.AccessStage access, org.opensbc.sip.admission.SourceFilter sources,
            CdrWriter cdr, org.opensbc.core.net.AdvertisedAddresses advertised, org.opensbc.state.StateStore state) {
        this.advertised = advertised;
        this.state = state;
        this.cluster = new org.opensbc.core.state.ClusterView(state.nodeId(), state.membership());
        this.config = config;
        this.metrics = metrics;
        this.location = location;
        this.auth = auth;
        this.domains = domains;
        this.tls = tls;
        this.clock = clock;
        this.routing = routing;
        this.access = access;
        this.sources = sources;
        this.cdr = cdr;
        callTimers.setRemoveOnCancelPolicy(true);
        metrics.gauge("sbc.calls.active", "calls in progress (ringing or answered)", calls::activeCalls);
        metrics.gauge("sbc.dialogs.active", "call legs (dialogs) the B2BUA holds", calls::activeLegs);
    }

    public synchronized void start() throws IOException {
        java.time.Instant started = clock.instant();
        GatewayConfig.Sip sip = config.sip();
        CallJournal journal = new CallJournal(state, clock);
        List<org.opensbc.core.call.StoredCall> leftBehind = callsLeftBehind(journal);
        Map<String, FlowTransport> flows = new HashMap<>();
        if (sip.wss().enabled()) {
            flows.put("WSS", new WebSocketFlowTransport(webSocket(sip.wss(), true)));
        }
        if (sip.ws().enabled()) {
            flows.put("WS", new WebSocketFlowTransport(webSocket(sip.ws(), false)));
        }
        try {
            stack = SipStackFactory.create(new SipStackSettings("sbc", sip.maxMessageSize(), sip.threads(), 50_000,
                            sip.tls().enabled() ? tls.keys() : null,
                            sip.tls().enabled() ? tls.peers() : null),
                    flows,
                    this::flowClosed,
                    metrics,
                    access,
                    sources,
                    drops);
            SipFactory factory = SipFactory.getInstance();
            AddressFactory addresses = factory.createAddressFactory();
            HeaderFactory headers = factory.createHeaderFactory();
            MessageFactory messages = factory.createMessageFactory();
            List<ListeningPoint> points = listeningPoints(sip);
            SipProvider provider = stack.createSipProvider(points.get(0));
            for (ListeningPoint lp : points.subList(1, points.size())) {
                provider.addListeningPoint(lp);
            }
            Replies replies = new Replies(provider, messages, headers, sip.serverHeader(),
                    org.opensbc.core.net.IpLiteral.uriHost(advertised.sip()), metrics);
            RegisterHandler register = new RegisterHandler(replies, auth, location, domains, metrics, clock,
                    new org.opensbc.core.net.NatDetection(config.nat().detect()),
                    // keepalives well inside the idle timeout that closes a silent WebSocket (RFC 5626: <= 120 s)
                    (int) Math.min(120, Math.max(10, config.websocket().idleTimeout().toSeconds() - 15)),
                    state::whenWritten);
            media = startMediaRelay(config.media());
            SipContext context = new SipContext(provider, messages, headers, addresses, replies, advertised,
                    new MediaAnchor(media), domains);
            SessionTimers timers = new SessionTimers(context, config.calls(), callTimers);
            CallDriver driver = new CallDriver(clock);
            CallEnding ending = new CallEnding(context, calls, cdr, metrics, clock, driver, journal);
            context.onDialogAdvanced(leg -> journal.changed(leg.call));
            timers.setEnding(ending);
            context.media.onMediaTimeout(call -> ending.hangUp(call, HangUpReason.MEDIA_TIMEOUT));
            setup = new CallSetup(context, calls, driver, timers, config.calls(), callTimers, clock);
            driver.carryOutWith(new CallEffects(setup, ending, journal, driver, callTimers,
                    config.calls().ringTimeout()));
            this.driver = driver;
            if (sip.tls().enabled()) {
                CallSetup callSetup = setup;
                // off the network thread: the forks waiting on a refused TLS trunk fail over now
                tls.peers().onFailure((peer, reason) -> callTimers.execute(() -> callSetup.connectionFailed(
                        new NextHop("TLS", peer.getAddress().getHostAddress(), peer.getPort()))));
            }
            CallerCheck callers = new CallerCheck(context, auth, domains, metrics, cluster);
            RouteTargets targets = new RouteTargets(context, routing, location, domains, metrics, cluster);
            InviteHandler invites = new InviteHandler(context, setup, calls, callers, targets, routing, metrics, ending,
                    (int) Math.max(1, config.shutdown().drainSeconds()));
            this.ending = ending;
            DtmfInterworking dtmf = new DtmfInterworking(context, config.media().dtmf());
            context.media.onDigit(dtmf::sendInfo);
            TransferHandler transfers = new TransferHandler(context, calls, targets, routing,
                    new TransferJoin(context, calls, ending, callTimers, clock, journal), callTimers, config.calls());
            InDialogRelay relay = new InDialogRelay(context, driver, ending, timers, config.calls().transferEnabled(), dtmf,
                    transfers);
            MessageHandler pager = new MessageHandler(context, callers, targets, routing, metrics,
                    sip.maxMessageSize());
            provider.addSipListener(new SipRequestDispatcher(context, register, new OptionsHandler(replies), invites,
                    pager, setup, relay, calls, ending));
            gov.nist.javax.sip.stack.SIPTransactionStack nist = (gov.nist.javax.sip.stack.SIPTransactionStack) stack;
            metrics.gauge("sbc.sip.stack.dialogs", "dialogs in the SIP stack's table", () -> nist.getDialogs().size());
            metrics.gauge("sbc.sip.stack.transactions", "client and server transactions in the SIP stack",
                    () -> nist.getClientTransactionTableSize() + nist.getServerTransactionTableSize());
            StackDialogJanitor janitor = new StackDialogJanitor(nist::getDialogs);
            metrics.counterFunction("sbc.sip.stack.dialogs.deleted",
                    "stack dialogs no call owned any more, deleted (their ending was lost, e.g. shed under overload)",
                    janitor, StackDialogJanitor::deleted);
            callTimers.scheduleWithFixedDelay(janitor::sweep, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
            keepalives = new NatKeepaliveSender(provider, addresses, headers, messages, location, metrics,
                    advertised::sipFor, sip.udp().port());
            TrunkProbes probes = new TrunkProbes(context, routing);
            registrations = new TrunkRegistrations(context, routing, state);
            stack.start();
            new RestartRecovery(context, journal, cdr, metrics).endCalls(leftBehind, started);
            up = true;
            callTimers.scheduleWithFixedDelay(() -> tendTrunks(probes), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            callTimers.scheduleWithFixedDelay(this::flushDropLogs, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            LOG.info("SIP listening: {}", describe(sip));
        } catch (SipException | java.util.TooManyListenersException | RuntimeException e) {
            stop();
            throw new IOException("SIP stack did not start: " + e.getMessage(), e);
        }
    }

    /** The calls this node's last run left in progress; new calls take ids after theirs. */
    private List<org.opensbc.core.call.StoredCall> callsLeftBehind(CallJournal journal) throws IOException {
        try {
            List<org.opensbc.core.call.StoredCall> left = journal.leftBehind();
            left.forEach(call -> calls.continueIdsAfter(call.id()));
            return left;
        } catch (org.opensbc.state.StateStoreException e) {
            throw new IOException("calls of the last run not read: " + e.getMessage(), e);
        }
    }

    /** A WebSocket closed: its registrations go, and so do the calls that ran over it. */
    private void flowClosed(org.opensbc.sip.spi.FlowKey flow) {
        String key = NextHop.parse(flow.toString()).key(); // the spelling bindings use ("::1", not "0:0:...:1")
        metrics.flowBindingsRemoved(location.removeFlow(key));
        CallSetup current = setup;
        if (current != null) {
            for (Call call : calls.onFlow(key)) {
                current.onFlowClosed(call, key);
            }
        }
    }

    private List<ListeningPoint> listeningPoints(GatewayConfig.Sip sip) throws SipException {
        List<ListeningPoint> points = new ArrayList<>();
        addPoint(points, sip.udp(), ListeningPoint.UDP);
        addPoint(points, sip.tcp(), ListeningPoint.TCP);
        addPoint(points, sip.tls(), ListeningPoint.TLS);
        addPoint(points, sip.wss(), "WSS");
        addPoint(points, sip.ws(), "WS");
        if (points.isEmpty()) {
            throw new SipException("no SIP listener is enabled");
        }
        return points;
    }

    private void addPoint(List<ListeningPoint> points, Listener listener, String transport) throws SipException {
        if (!listener.enabled()) {
            return;
        }
        String address = listenAddress(listener);
        try {
            ListeningPoint lp = stack.createListeningPoint(address, listener.port(), transport);
            if (isWildcard(address)) {
                // what the stack writes into Via of requests it builds (in-dialog ones); towards
                // IPv6 peers SipContext puts the IPv6 address there instead
                lp.setSentBy(org.opensbc.core.net.IpLiteral.uriHost(advertisedHost()) + ":" + listener.port());
            }
            points.add(lp);
        } catch (javax.sip.InvalidArgumentException | java.text.ParseException e) {
            throw new SipException(transport + " on " + address + ":" + listener.port() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isWildcard(String address) {
        return org.opensbc.core.net.AdvertisedAddresses.isWildcard(address);
    }

    /** "::" is dual-stack where the host has IPv6, and 0.0.0.0 where it has not. */
    private static String listenAddress(Listener listener) {
        return org.opensbc.core.net.HostAddresses.listenAddress(listener.address());
    }

    /** The address this gateway puts in Via/Contact of requests it originates. */
    String advertisedHost() {
        return advertised.sip();
    }

    private WebSocketSettings webSocket(Listener listener, boolean secure) {
        return new WebSocketSettings(new InetSocketAddress(listenAddress(listener), listener.port()), secure,
                secure ? tls.keys() : null, config.websocket().pingInterval(), config.websocket().idleTimeout(),
                config.sip().maxMessageSize() * 4);
    }

    private static String describe(GatewayConfig.Sip sip) {
        StringBuilder sb = new StringBuilder();
        for (var e : Map.of("udp", sip.udp(), "tcp", sip.tcp(), "tls", sip.tls(), "wss", sip.wss(), "ws", sip.ws()).entrySet()) {
            if (e.getValue().enabled()) {
                String address = org.opensbc.core.net.IpLiteral.uriHost(listenAddress(e.getValue()));
                sb.append(e.getKey()).append("://").append(address).append(':').append(e.getValue().port()).append(' ');
            }
        }
        return sb.toString().trim();
    }

    /** The calls in progress, as the admin API shows them. */
    public java.util.List<CallSummary> calls() {
        return calls.snapshot().stream().map(Call::summary).toList();
    }

    public boolean isUp() {
        return up;
    }

    /** Once a second: OPTIONS health checks and registrations to providers, each as they fall due. */
    private void tendTrunks(TrunkProbes probes) {
        try {
            probes.tick(clock.millis());
            registrations.tick(clock.millis());
        } catch (RuntimeException e) {
            LOG.warn("trunk upkeep failed: {}", e.toString());
        }
    }

    /** The drop summary and the JAIN-SIP warnings held back, once their interval is over. */
    private void flushDropLogs() {
        try {
            drops.flush();
            org.opensbc.sip.logging.Slf4jStackLogger.flushHeldBack();
        } catch (RuntimeException e) {
            LOG.warn("drop summary failed: {}", e.toString());
        }
    }

    /** A trunk's registration state for /trunks, or null when it registers nowhere. */
    public String registrationState(String trunk) {
        TrunkRegistrations r = registrations;
        return r == null ? null : r.state(trunk);
    }

    public void sendKeepalives() {
        if (up && keepalives != null) {
            keepalives.sendRound();
        }
    }

    /**
     * A graceful stop's first half: new calls get 503 with Retry-After, the calls in progress get
     * up to {@code grace} to end by themselves; then the rest end with BYE on both legs (ringing
     * ones with CANCEL and 503), each with its CDR line (endedBy "shutdown"), and the gateway
     * unregisters from the trunks it registered with. Returns when that is done, or sooner when
     * {@code hurry} turns true (a second signal).
     */
    public void drain(java.time.Duration grace, java.util.function.BooleanSupplier hurry) throws InterruptedException {
        if (!up) {
            return;
        }
        calls.startDraining();
        long deadline = System.nanoTime() + grace.toNanos();
        LOG.info("draining: new calls get 503, {} calls in progress have {} s to end", calls.activeCalls(),
                grace.toSeconds());
        while (calls.activeCalls() > 0 && System.nanoTime() < deadline && !hurry.getAsBoolean()) {
            Thread.sleep(100);
        }
        List<Call> left = calls.snapshot();
        if (!left.isEmpty()) {
            LOG.info("draining: ending the {} calls left", left.size());
        }
        CallDriver d = driver;
        for (Call call : left) {
            d.fire(call, new CallEvent.Shutdown());
        }
        TrunkRegistrations r = registrations;
        if (r != null) {
            r.unregisterAll(java.time.Duration.ofSeconds(3));
        }
        // the BYEs and CANCELs just sent get their first retransmission chance before the stack goes
        long settle = System.nanoTime() + 1_000_000_000L;
        while (calls.activeLegs() > 0 && System.nanoTime() < settle) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
    }

    public boolean isDraining() {
        return calls.isDraining();
    }

    public synchronized void stop() {
        up = false;
        callTimers.shutdownNow();
        if (stack != null) {
            stack.stop();
            stack = null;
        }
        if (media != null) {
            media.close();
            media = null;
        }
    }

    /** The media relay, with its gauges; null when media anchoring is off. */
    private MediaRelay startMediaRelay(GatewayConfig.Media config) throws IOException {
        if (!config.enabled()) {
            return null;
        }
        String address = org.opensbc.core.net.HostAddresses.listenAddress(config.address());
        MediaRelay relay = new MediaRelay(new RelayConfig(InetAddress.getByName(address),
                advertised.media(), config.firstPort(), config.lastPort(),
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                java.time.Duration.ofSeconds(config.timeoutSeconds()), config.transcoding(), config.opusLibrary(),
                config.dtmf().towardsBrowsers(), advertised.mediaV6()));
        metrics.gauge("sbc.media.sessions", "calls whose media the relay anchors", relay::activeSessions);
        metrics.gauge("sbc.media.port.pairs", "RTP/RTCP port pairs in use", relay::portPairsInUse);
        for (Side side : Side.values()) {
            String from = side.name().toLowerCase(java.util.Locale.ROOT);
            metrics.counterFunction("sbc.media.packets.relayed", "RTP/RTCP packets relayed to the other side",
                    from, relay, r -> r.totals(side).relayed());
            metrics.counterFunction("sbc.media.packets.foreign", "media packets dropped: not from the latched source",
                    from, relay, r -> r.totals(side).foreign());
            metrics.counterFunction("sbc.media.packets.malformed", "media packets dropped: not RTP or RTCP",
                    from, relay, r -> r.totals(side).malformed());
            metrics.counterFunction("sbc.media.packets.unauthenticated",
                    "SRTP/SRTCP packets dropped: failed authentication", from, relay, r -> r.totals(side).unauthenticated());
        }
        LOG.info("media relay on {} ports {}-{}, advertised as {}{}", address, config.firstPort(),
                config.lastPort(), advertised.media(), advertised.mediaV6() == null
                        || advertised.mediaV6().equals(advertised.media()) ? "" : " and " + advertised.mediaV6());
        return relay;
    }
}
