package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.ProbeRound;
import org.opensbc.core.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIONS health checks of the trunks that ask for them, the JAIN-SIP side: each trunk's
 * {@link ProbeRound} says when an OPTIONS is due and whether the last one was answered (any
 * response counts: a 404 or 405 still proves the trunk is there); {@link Trunk#probed} turns that
 * into up and down with hysteresis. Routing skips a trunk that is down.
 */
final class TrunkProbes {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkProbes.class);

    private final SipContext sip;
    private final RoutingTable routing;
    /** Per trunk name: its probe rounds. Touched by the timer thread and responses. */
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    /** One trunk's rounds; the value is swapped atomically (ticks on the timer thread, answers on the stack's). */
    private static final class Probe implements PendingRequest {
        final Trunk trunk;
        final AtomicReference<ProbeRound> round = new AtomicReference<>(ProbeRound.first());

        Probe(Trunk trunk) {
            this.trunk = trunk;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            round.updateAndGet(ProbeRound::answer);
        }

        @Override
        public void onTimeout() {
            // judged at the next round: no answer by then is a miss
        }
    }

    TrunkProbes(SipContext sip, RoutingTable routing) {
        this.sip = sip;
        this.routing = routing;
    }

    /** Called once a second: judges the last probe of each due trunk and sends the next. */
    void tick(long nowMillis) {
        for (Trunk trunk : routing.current().trunks().all()) {
            if (trunk.spec().health() == null) {
                continue;
            }
            Probe probe = probes.compute(trunk.name(), (name, old) -> old != null && old.trunk == trunk ? old : new Probe(trunk));
            int interval = trunk.spec().health().intervalSeconds();
            ProbeRound.Step[] step = new ProbeRound.Step[1];
            probe.round.updateAndGet(r -> (step[0] = r.tick(nowMillis, interval)).next());
            ProbeRound.Due due = step[0].due();
            if (due.judged() != null && trunk.probed(due.judged())) {
                LOG.warn("trunk {} is now {}", trunk.name(), trunk.isUp() ? "UP (answers OPTIONS again)" : "DOWN (no answer to OPTIONS)");
            }
            if (due.sends()) {
                send(probe);
            }
        }
    }

    private void send(Probe probe) {
        Trunk trunk = probe.trunk;
        try {
            NextHop hop = new NextHop(trunk.transport(), trunk.address(), trunk.spec().port());
            SipURI target = sip.addresses.createSipURI(null, trunk.spec().host());
            target.setPort(trunk.spec().port());
            Request options = sip.messages.createRequest(target, Request.OPTIONS,
                    sip.headers.createCallIdHeader(sip.newCallId()), sip.headers.createCSeqHeader(1L, Request.OPTIONS),
                    sip.headers.createFromHeader(sip.addresses.createAddress(sip.addresses.createSipURI("ping",
                            sip.hostFor(hop))), sip.newTag()),
                    sip.headers.createToHeader(sip.addresses.createAddress(target), null),
                    List.of(sip.via(hop)), sip.headers.createMaxForwardsHeader(70));
            sip.send(options, hop, probe);
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            LOG.debug("OPTIONS to trunk {} not sent: {}", trunk.name(), e.toString());
        }
    }
}
