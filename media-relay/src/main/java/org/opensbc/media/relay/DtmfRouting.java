package org.opensbc.media.relay;

import java.util.List;
import org.opensbc.media.dtmf.DtmfSender;
import org.opensbc.media.dtmf.DtmfTap;
import org.opensbc.media.dtmf.EventFormat;
import org.opensbc.media.dtmf.SignalledDigits;
import org.opensbc.media.dtmf.TelephoneEvent;
import org.opensbc.media.path.RelayLoop;
import org.opensbc.media.path.Stream;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.session.CodecNegotiation;

/**
 * Where a session's DTMF goes: each line's telephone-event per side, from the answer; whether a
 * phone's digits go to a browser by signalling (a tap on the path) or stay in RTP; and digits
 * that came by signalling, played into a side's audio.
 *
 * <p>Thread confinement: guarded by the owning session's monitor.
 */
final class DtmfRouting {

    private final MediaRelay relay;
    private final RelayLoop loop;
    private final DtmfListener onDtmf;
    private final Leg caller;
    private final Leg callee;

    DtmfRouting(MediaRelay relay, RelayLoop loop, DtmfListener onDtmf, Leg caller, Leg callee) {
        this.relay = relay;
        this.loop = loop;
        this.onDtmf = onDtmf;
        this.caller = caller;
        this.callee = callee;
    }

    /**
     * Each side's telephone-event, from the answer it sent or was sent; and whether a phone's
     * digits go to a browser by signalling rather than in RTP (call before the line is wired).
     */
    void settle(Stream stream, MediaDescription answer, MediaDescription towardsOfferer, Side offerer) {
        EventFormat offererEvents = CodecNegotiation.negotiatedEvent(towardsOfferer);
        EventFormat answererEvents = CodecNegotiation.negotiatedEvent(answer);
        EventFormat callerEvents = offerer == Side.CALLER ? offererEvents : answererEvents;
        EventFormat calleeEvents = offerer == Side.CALLER ? answererEvents : offererEvents;
        stream.settleEvents(callerEvents, calleeEvents, digitsFrom(Side.CALLER), digitsFrom(Side.CALLEE));
    }

    private DtmfTap.DigitListener digitsFrom(Side from) {
        Leg sender = from == Side.CALLER ? caller : callee;
        Leg other = from == Side.CALLER ? callee : caller;
        return SignalledDigits.listener(relay.dtmfTowardsWebRtc(), relay::report, onDtmf, from, sender.profile,
                other.profile);
    }

    /**
     * Plays a digit to {@code towards} on the first line where it agreed to a telephone-event.
     *
     * @return false when it agreed to none (or the digit is none)
     */
    boolean play(List<Stream> lines, Side towards, char digit, int millis) {
        int code = TelephoneEvent.code(digit);
        if (code < 0) {
            return false;
        }
        for (Stream stream : lines) {
            EventFormat events = stream.events(towards);
            if (events != null) {
                stream.dtmfTo(towards, loop).play(new DtmfSender.Digit(code, millis, events.payloadType(),
                        events.clockRate()));
                return true;
            }
        }
        return false;
    }
}
