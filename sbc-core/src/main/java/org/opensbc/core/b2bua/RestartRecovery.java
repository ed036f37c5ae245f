package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.message.Request;
import org.opensbc.core.call.EndedBy;
import org.opensbc.core.call.StoredCall;
import org.opensbc.core.call.StoredLeg;
import org.opensbc.core.cdr.CallRecord;
import org.opensbc.core.cdr.CdrWriter;
import org.opensbc.core.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the calls a crashed run left in progress, once, at start: each gets its CDR line (endedBy
 * "restart"; its end is this restart, the moment its far ends are told) and a BYE on every leg
 * whose peer is reached over UDP. A leg over a connection (TCP, TLS, WebSocket) gets none: the
 * connection died with the process, and so did the peer's dialog with it. A BYE is sent once,
 * on its own client transaction; whatever answers it (200, 481, nothing) changes nothing.
 */
final class RestartRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(RestartRecovery.class);

    private final SipContext sip;
    private final CallJournal journal;
    private final CdrWriter cdr;
    private final GatewayMetrics metrics;

    RestartRecovery(SipContext sip, CallJournal journal, CdrWriter cdr, GatewayMetrics metrics) {
        this.sip = sip;
        this.journal = journal;
        this.cdr = cdr;
        this.metrics = metrics;
    }

    /** @param restart when this run started: the end of every call the previous one left */
    void endCalls(List<StoredCall> left, Instant restart) {
        int byes = 0;
        for (StoredCall call : left) {
            byes += bye(call, call.callerLeg()) + bye(call, call.calleeLeg());
            LOG.debug("call {} of the last run ({} -> {}, last recorded change {}) ended", call.id(), call.caller(),
                    call.callee(), call.written());
            cdr.write(new CallRecord(call.start(), call.answered(), restart, call.caller(), call.callee(), "answered",
                    200, EndedBy.RESTART.cdrName(), call.callerCallId(), call.calleeCallId()));
            metrics.callRecovered();
            journal.recovered(call);
        }
        if (!left.isEmpty()) {
            LOG.info("{} calls in progress when the last run stopped: ended, {} BYEs sent over UDP", left.size(), byes);
        }
    }

    /** @return 1 when a BYE went out on the leg */
    private int bye(StoredCall call, StoredLeg leg) {
        if (leg == null || !leg.overUdp()) {
            return 0;
        }
        NextHop hop = NextHop.parse(leg.nextHop());
        try {
            Request bye = RecordedBye.build(sip, leg, sip.via(hop));
            sip.send(bye, hop, null);
            return 1;
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            LOG.info("call {}: no BYE to {}: {}", call.id(), hop.key(), e.toString());
            return 0;
        }
    }
}
