package org.opensbc.media.relay;

import java.util.Set;
import org.opensbc.media.codec.Opus;
import org.opensbc.media.sdp.MediaDescription;

/**
 * One m= line of the call, anchored: the endpoint facing each side, wired to each other, either
 * directly (packets pass through with their payload types renumbered) or through a transcoder
 * per direction, with a {@link DtmfTap} in front where a side's digits go by signalling. The
 * wiring is decided when an answer settles the line's codecs, never per packet. Mutators are
 * called under the session's monitor.
 */
final class Stream implements AutoCloseable {

    final String media;
    final MediaEndpoint caller;
    final MediaEndpoint callee;

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

    Stream(String media, MediaEndpoint caller, MediaEndpoint callee) {
        this.media = media;
        this.caller = caller;
        this.callee = callee;
        caller.pairWith(callee);
        callee.pairWith(caller);
    }

    /** A side declared its payload types for this line: each side now receives its own numbers. */
    void declared(Side side, PayloadTypes types) {
        if (side == Side.CALLER) {
            callerTypes = types;
        } else {
            calleeTypes = types;
        }
        declareOutgoing();
    }

    /** A transcoder writes the receiving side's own numbers; only passed-through packets are renumbered. */
    private void declareOutgoing() {
        caller.outgoing().declare(fromCallee != null ? null : PayloadTypes.mapping(calleeTypes, callerTypes),
                PayloadTypes.clockRates(callerTypes));
        callee.outgoing().declare(fromCaller != null ? null : PayloadTypes.mapping(callerTypes, calleeTypes),
                PayloadTypes.clockRates(calleeTypes));
    }

    /** What {@code side} last declared for this line, or null. */
    PayloadTypes declaredBy(Side side) {
        return side == Side.CALLER ? callerTypes : calleeTypes;
    }

    void offered(Side from, MediaDescription line, Set<String> relayAdded) {
        offerer = from;
        offer = line;
        added = relayAdded;
    }

    Side offerer() {
        return offerer;
    }

    MediaDescription offer() {
        return offer;
    }

    Set<String> added() {
        return added;
    }

    /**
     * The answer settled each side's telephone-event; a side's events are taken out for
     * signalling where {@code digits} says so (call before the line is wired).
     */
    void settleEvents(EventFormat caller, EventFormat callee, DtmfTap.DigitListener callerDigits,
            DtmfTap.DigitListener calleeDigits) {
        this.callerEvents = caller;
        this.calleeEvents = callee;
        this.callerDigits = caller == null ? null : callerDigits;
        this.calleeDigits = callee == null ? null : calleeDigits;
    }

    /** The telephone-event {@code side} agreed to on this line, or null. */
    EventFormat events(Side side) {
        return side == Side.CALLER ? callerEvents : calleeEvents;
    }

    /** What plays signalled digits to {@code side} on this line (made on first use, on {@code loop}). */
    DtmfSender dtmfTo(Side side, RelayLoop loop) {
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

    /** Each side's packets go to the other side's endpoint, or its transcoder, through a tap when set. */
    private void wire() {
        caller.pairWith(tapped(fromCaller != null ? fromCaller : callee, callerEvents, callerDigits));
        callee.pairWith(tapped(fromCallee != null ? fromCallee : caller, calleeEvents, calleeDigits));
    }

    private static RtpSink tapped(RtpSink next, EventFormat events, DtmfTap.DigitListener digits) {
        return digits == null ? next : new DtmfTap(next, events.payloadType(), events.clockRate(), digits);
    }

    /** The answer kept a codec both sides have: packets go straight across again. */
    void passThrough() {
        Transcoder oldFromCaller = fromCaller;
        Transcoder oldFromCallee = fromCallee;
        fromCaller = null;
        fromCallee = null;
        wire();
        declareOutgoing();
        closeQuietly(oldFromCaller);
        closeQuietly(oldFromCallee);
    }

    /**
     * The answer settled on different codecs for the two sides. A direction whose plan did not
     * change keeps its transcoder (and the codec state of its stream).
     */
    void transcode(CodecNegotiation.Transcoding plans, Opus opus) {
        Transcoder.Plan callerPlan = offerer == Side.CALLER ? plans.fromOfferer() : plans.fromAnswerer();
        Transcoder.Plan calleePlan = offerer == Side.CALLER ? plans.fromAnswerer() : plans.fromOfferer();
        Transcoder oldFromCaller = fromCaller;
        Transcoder oldFromCallee = fromCallee;
        Transcoder newFromCaller = oldFromCaller != null && oldFromCaller.plan().equals(callerPlan) ? oldFromCaller
                : new Transcoder(callerPlan, opus, callee);
        Transcoder newFromCallee;
        try {
            newFromCallee = oldFromCallee != null && oldFromCallee.plan().equals(calleePlan) ? oldFromCallee
                    : new Transcoder(calleePlan, opus, caller);
        } catch (RuntimeException e) {
            if (newFromCaller != oldFromCaller) {
                newFromCaller.close();
            }
            throw e;
        }
        fromCaller = newFromCaller;
        fromCallee = newFromCallee;
        wire();
        declareOutgoing();
        if (oldFromCaller != newFromCaller) {
            closeQuietly(oldFromCaller);
        }
        if (oldFromCallee != newFromCallee) {
            closeQuietly(oldFromCallee);
        }
    }

    /** The transcoder of what {@code side} sends, or null when it passes through. */
    Transcoder transcoderFrom(Side side) {
        return side == Side.CALLER ? fromCaller : fromCallee;
    }

    private static void closeQuietly(Transcoder transcoder) {
        if (transcoder != null) {
            transcoder.close();
        }
    }

    MediaEndpoint facing(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    /**
     * Everything of this line but the endpoint facing {@code keep} is closed: the other side's
     * peer is being replaced, and a new line will pair that endpoint with the new peer's.
     */
    void closeKeeping(Side keep) {
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
