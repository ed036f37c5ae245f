package org.opensbc.media.path;

import java.util.Set;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.dtmf.DtmfSender;
import org.opensbc.media.dtmf.DtmfTap;
import org.opensbc.media.dtmf.EventFormat;
import org.opensbc.media.relay.Side;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.session.CodecNegotiation;
import org.opensbc.media.session.PayloadTypes;
import org.opensbc.media.transcode.Transcoder;

/**
 * One m= line of the call, anchored: the endpoint facing each side, wired to each other, either
 * directly (packets pass through with their payload types renumbered) or through a transcoder
 * per direction, with a {@link DtmfTap} in front where a side's digits go by signalling. The
 * wiring is decided when an answer settles the line's codecs, never per packet. Mutators are
 * called under the session's monitor.
 */
public final class Stream implements AutoCloseable {

    final String media;
    public final MediaEndpoint caller;
    public final MediaEndpoint callee;

    private PayloadTypes callerTypes;
    private PayloadTypes calleeTypes;
    /** What the caller sends is transcoded for the callee by this (null: pass-through); and the reverse. */
    private volatile Transcoder fromCaller;
    private volatile Transcoder fromCallee;

    /** The telephone-event each side agreed to in the last answer; null: none. Guarded by the session. */
    private EventFormat callerEvents;
    private EventFormat calleeEvents;
    /** Where a side's telephone events go instead of the other side's RTP; null: they pass on. */
    private DtmfTap.DigitListener callerDigits;
    private DtmfTap.DigitListener calleeDigits;
    /** Plays digits that came by signalling to each side; made on first use. */
    private DtmfSender toCaller;
    private DtmfSender toCallee;

    /** The line's last offer: who made it, as it came, and what the relay added for the other side. */
    private Side offerer;
    private MediaDescription offer;
    private Set<String> added = Set.of();

    public Stream(String media, MediaEndpoint caller, MediaEndpoint callee) {
        this.media = media;
        this.caller = caller;
        this.callee = callee;
        wire(); // until an answer settles the line: straight across
    }

    /** A side declared its payload types for this line: each side now receives its own numbers. */
    public void declared(Side side, PayloadTypes types) {
        if (side == Side.CALLER) {
            callerTypes = types;
        } else {
            calleeTypes = types;
        }
        declareOutgoing();
    }

    /** A transcoder writes the receiving side's own numbers; only passed-through packets are renumbered. */
    private void declareOutgoing() {
        MediaPathBuilder.outgoingRewrite(caller, fromCallee, PayloadTypes.mapping(calleeTypes, callerTypes),
                PayloadTypes.clockRates(callerTypes));
        MediaPathBuilder.outgoingRewrite(callee, fromCaller, PayloadTypes.mapping(callerTypes, calleeTypes),
                PayloadTypes.clockRates(calleeTypes));
    }

    /** What {@code side} last declared for this line, or null. */
    public PayloadTypes declaredBy(Side side) {
        return side == Side.CALLER ? callerTypes : calleeTypes;
    }

    public void offered(Side from, MediaDescription line, Set<String> relayAdded) {
        offerer = from;
        offer = line;
        added = relayAdded;
    }

    Side offerer() {
        return offerer;
    }

    public MediaDescription offer() {
        return offer;
    }

    public Set<String> added() {
        return added;
    }

    /**
     * The answer settled each side's telephone-event; a side's events are taken out for
     * signalling where {@code digits} says so (call before the line is wired).
     */
    public void settleEvents(EventFormat caller, EventFormat callee, DtmfTap.DigitListener callerDigits,
            DtmfTap.DigitListener calleeDigits) {
        this.callerEvents = caller;
        this.calleeEvents = callee;
        this.callerDigits = caller == null ? null : callerDigits;
        this.calleeDigits = callee == null ? null : calleeDigits;
    }

    /** The telephone-event {@code side} agreed to on this line, or null. */
    public EventFormat events(Side side) {
        return side == Side.CALLER ? callerEvents : calleeEvents;
    }

    /** What plays signalled digits to {@code side} on this line (made on first use, on {@code loop}). */
    public DtmfSender dtmfTo(Side side, RelayLoop loop) {
        if (side == Side.CALLER) {
            if (toCaller == null) {
                toCaller = new DtmfSender(loop, caller);
            }
            return toCaller;
        }
        if (toCallee == null) {
            toCallee = new DtmfSender(loop, callee);
        }
        return toCallee;
    }

    /** Each direction, assembled by the builder: tap, transcoder or renumbering, rewrite, send. */
    private void wire() {
        MediaPathBuilder.direction(caller, callee, fromCaller, PayloadTypes.mapping(callerTypes, calleeTypes),
                PayloadTypes.clockRates(calleeTypes), callerEvents, callerDigits);
        MediaPathBuilder.direction(callee, caller, fromCallee, PayloadTypes.mapping(calleeTypes, callerTypes),
                PayloadTypes.clockRates(callerTypes), calleeEvents, calleeDigits);
    }

    /** The answer kept a codec both sides have: packets go straight across again. */
    public void passThrough() {
        Transcoder oldFromCaller = fromCaller;
        Transcoder oldFromCallee = fromCallee;
        fromCaller = null;
        fromCallee = null;
        wire();
        closeQuietly(oldFromCaller);
        closeQuietly(oldFromCallee);
    }

    /**
     * The answer settled on different codecs for the two sides. A direction whose plan did not
     * change keeps its transcoder (and the codec state of its stream).
     */
    public void transcode(CodecNegotiation.Transcoding plans, Opus opus) {
        Transcoder.Plan callerPlan = offerer == Side.CALLER ? plans.fromOfferer() : plans.fromAnswerer();
        Transcoder.Plan calleePlan = offerer == Side.CALLER ? plans.fromAnswerer() : plans.fromOfferer();
        Transcoder oldFromCaller = fromCaller;
        Transcoder oldFromCallee = fromCallee;
        Transcoder newFromCaller = oldFromCaller != null && oldFromCaller.plan().equals(callerPlan) ? oldFromCaller
                : MediaPathBuilder.transcoder(callerPlan, opus, callee);
        Transcoder newFromCallee;
        try {
            newFromCallee = oldFromCallee != null && oldFromCallee.plan().equals(calleePlan) ? oldFromCallee
                    : MediaPathBuilder.transcoder(calleePlan, opus, caller);
        } catch (RuntimeException e) {
            if (newFromCaller != oldFromCaller) {
                newFromCaller.close();
            }
            throw e;
        }
        fromCaller = newFromCaller;
        fromCallee = newFromCallee;
        wire();
        if (oldFromCaller != newFromCaller) {
            closeQuietly(oldFromCaller);
        }
        if (oldFromCallee != newFromCallee) {
            closeQuietly(oldFromCallee);
        }
    }

    /** The transcoder of what {@code side} sends, or null when it passes through. */
    public Transcoder transcoderFrom(Side side) {
        return side == Side.CALLER ? fromCaller : fromCallee;
    }

    private static void closeQuietly(Transcoder transcoder) {
        if (transcoder != null) {
            transcoder.close();
        }
    }

    public MediaEndpoint facing(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    /**
     * Everything of this line but the endpoint facing {@code keep} is closed: the other side's
     * peer is being replaced, and a new line will pair that endpoint with the new peer's.
     */
    public void closeKeeping(Side keep) {
        if (toCaller != null) {
            toCaller.close();
        }
        if (toCallee != null) {
            toCallee.close();
        }
        closeQuietly(fromCaller);
        closeQuietly(fromCallee);
        facing(keep.other()).close();
    }

    @Override
    public void close() {
        if (toCaller != null) {
            toCaller.close();
        }
        if (toCallee != null) {
            toCallee.close();
        }
        caller.close();
        callee.close();
        closeQuietly(fromCaller);
        closeQuietly(fromCallee);
    }
}
