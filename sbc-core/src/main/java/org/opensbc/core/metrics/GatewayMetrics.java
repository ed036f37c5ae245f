package org.opensbc.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import org.opensbc.sip.admission.InboundCounters;

/**
 * The gateway's metrics catalogue: every name, description and tag is declared here, once.
 * Tags are low-cardinality (outcome names, transports), never users or addresses.
 */
public final class GatewayMetrics implements InboundCounters, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    private final Counter malformed = counter("sbc.sip.malformed", "SIP messages that did not parse (400 or dropped)");
    private final Counter oversized = counter("sbc.sip.oversized", "SIP messages over the size limit (513 or dropped)");
    private final Counter blocked = counter("sbc.sip.blocked",
            "SIP requests dropped unanswered: banned source (auth failures, rate), ACL, scanner User-Agent");
    private final Counter refused = counter("sbc.sip.refused",
            "SIP requests refused by the access stage: 405 (a method the ACL does not allow the source), 503 (source banned for its rate)");
    private final Counter shed = counter("sbc.sip.shed", "UDP datagrams dropped unread because the receive queue was full");
    private final Counter blockedUnread = counter("sbc.sip.blocked.unread",
            "UDP datagrams dropped by the reader before parsing: source banned (auth failures, rate); also in sbc.sip.blocked");
    private final Counter overRate = counter("sbc.sip.over.rate",
            "UDP datagrams from sources over their rate, queued behind the others in the shared part of the queue");
    private final Counter expired = counter("sbc.sip.expired",
            "UDP datagrams dropped unprocessed after waiting over 2 s in the receive queue");
    private final StageDecisionCounters stageDecisions = new StageDecisionCounters(registry);
    private final Counter strayResponses = counter("sbc.sip.stray.responses",
            "responses with no transaction left (retransmissions: ACK re-sent or dropped)");
    private final Counter registerAccepted = register("accepted");
    private final Counter registerChallenged = register("challenged");
    private final Counter registerRejected = register("rejected");
    private final Counter registerRefused = register("refused");
    private final Counter authFailures = counter("sbc.auth.failures", "digest authentications that failed");
    private final Counter bansStarted = counter("sbc.auth.bans", "sources banned for repeated authentication failures");
    private final Counter keepalives = counter("sbc.nat.keepalives", "keepalive OPTIONS sent to NATed contacts");
    private final Counter flowBindingsRemoved = counter("sbc.registrar.flow.removals",
            "bindings removed because their WebSocket flow closed");

    private final Counter callAttempts = counter("sbc.calls.attempts", "new INVITEs received (before authentication)");
    private final Counter callsRecovered = counter("sbc.calls.recovered",
            "calls in progress when the gateway died, ended at its restart (CDR endedBy restart)");
    private final Counter trunkAdmissionRefused = counter("sbc.trunks.admission.refused",
            "calls refused 503 because every trunk of their route was down or full");
    private final java.util.Map<String, Counter> callsEnded = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Integer, Counter> callsRefused = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Counter> messages = new java.util.concurrent.ConcurrentHashMap<>();

    public GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private Counter register(String outcome) {
        return Counter.builder("sbc.register.requests").description("REGISTER requests by outcome")
                .tag("outcome", outcome).register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A counter, tagged by the side its packets came from, that reads {@code value} from {@code source} at each scrape. */
    public <T> void counterFunction(String name, String description, String from, T source,
            java.util.function.ToDoubleFunction<T> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, source, value).description(description)
                .tag("from", from).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override public void malformed() { malformed.increment(); }
    @Override public void oversized() { oversized.increment(); }
    @Override public void blocked() { blocked.increment(); }
    @Override public void refused() { refused.increment(); }
    @Override public void shed() { shed.increment(); }
    @Override public void blockedUnread() { blockedUnread.increment(); }
    @Override public void overRate() { overRate.increment(); }
    @Override public void expired() { expired.increment(); }
    @Override public void strayResponse() { strayResponses.increment(); }
    @Override public void decided(org.opensbc.sip.pipeline.Stage stage, org.opensbc.sip.pipeline.StageResult result) {
        stageDecisions.decided(stage, result);
    }

    public void registerAccepted() { registerAccepted.increment(); }
    public void registerChallenged() { registerChallenged.increment(); }
    public void registerRejected() { registerRejected.increment(); }
    public void registerRefused() { registerRefused.increment(); }
    public void authFailure() { authFailures.increment(); }
    public void banStarted() { bansStarted.increment(); }
    public void keepaliveSent() { keepalives.increment(); }
    public void flowBindingsRemoved(int count) { flowBindingsRemoved.increment(count); }
    public void callAttempt() { callAttempts.increment(); }
    public void trunkAdmissionRefused() { trunkAdmissionRefused.increment(); }
    public void callRecovered() { callsRecovered.increment(); }

    /** A gauge per trunk ({@code trunk} tag: operators name a handful of trunks, not thousands). */
    public void trunkGauge(String name, String description, String trunk, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).tag("trunk", trunk).register(registry);
    }

    /**
     * A counter that reads {@code value} from {@code state} at each scrape. Micrometer keeps only a
     * weak reference to {@code state}: pass an object something else holds (not a lambda), or the
     * counter reads nothing once it is collected.
     */
    public <T> void counterFunction(String name, String description, T state, java.util.function.ToDoubleFunction<T> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, state, value).description(description).register(registry);
    }

    /** A call ended; {@code disposition} is one of the few CDR dispositions (low cardinality). */
    public void callEnded(String disposition) {
        callsEnded.computeIfAbsent(disposition, d -> Counter.builder("sbc.calls.ended")
                .description("calls ended, by disposition").tag("disposition", d).register(registry)).increment();
    }

    /**
     * An out-of-dialog MESSAGE (RFC 3428) and what became of it: delivered (a 2xx came back),
     * failed (every destination failed), refused (challenged, forbidden or not routable).
     */
    public void message(String outcome) {
        messages.computeIfAbsent(outcome, o -> Counter.builder("sbc.messages")
                .description("out-of-dialog MESSAGE requests by outcome").tag("outcome", o).register(registry)).increment();
    }

    /** A new INVITE refused before any call was set up (401/407 challenges included). */
    public void callRefused(int status) {
        callsRefused.computeIfAbsent(status, c -> Counter.builder("sbc.calls.refused")
                .description("INVITEs answered with a failure before routing, by status")
                .tag("status", Integer.toString(c)).register(registry)).increment();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
