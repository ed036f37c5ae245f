package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opensbc.core.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serial failover between the trunks of a route: a trunk that answers 408 or 5xx, or nothing at
 * all in time, gives way to the next one that is up and has room (when: {@link
 * org.opensbc.core.call.CallMachine#failsOver}). A definite answer (4xx other
 * than 408, 6xx) ends the call as it is: another carrier would not find the number either.
 */
final class TrunkFailover {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkFailover.class);

    private final SipContext sip;
    private final ScheduledExecutorService scheduler;
    /** Zero: wait for the INVITE transaction's own timeout (64*T1). */
    private final Duration responseTimeout;

    TrunkFailover(SipContext sip, ScheduledExecutorService scheduler, Duration responseTimeout) {
        this.sip = sip;
        this.scheduler = scheduler;
        this.responseTimeout = responseTimeout;
    }

    /** Gives {@code leg} (sent to a trunk) until the timeout for a first response, 100 Trying included. */
    void armResponseTimer(CallLeg leg, Runnable noResponse) {
        if (leg.trunk() != null && !responseTimeout.isZero()) {
            leg.awaitFirstResponse(scheduler.schedule(noResponse, responseTimeout.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * A fork sent to {@code hop}: when the connection there fails (a trunk whose TLS certificate
     * was refused), nothing will come (the machine fails it if it has heard nothing yet).
     */
    static boolean sentTo(CallLeg leg, NextHop hop) {
        return leg.hop() != null && leg.hop().key().equals(hop.key());
    }

    static void responded(CallLeg leg) {
        leg.firstResponseCame();
    }

    /** The next trunk of the call's route that takes a call now (its slot taken), or null. */
    CallTarget next(Call call) {
        for (Trunk trunk; (trunk = call.nextFailoverTrunk()) != null; ) {
            if (!trunk.tryAcquire()) {
                LOG.debug("call {}: trunk {} skipped ({})", call.id, trunk.name(), trunk.isUp() ? "full" : "down");
                continue;
            }
            try {
                LOG.debug("call {}: failing over to trunk {}", call.id, trunk.name());
                return TrunkTargets.of(sip, trunk, call.trunkUser());
            } catch (ParseException e) {
                trunk.release();
                LOG.debug("call {}: no target for trunk {}: {}", call.id, trunk.name(), e.toString());
            }
        }
        return null;
    }
}
