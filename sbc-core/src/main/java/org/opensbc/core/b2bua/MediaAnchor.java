package org.opensbc.core.b2bua;

import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import org.opensbc.media.relay.MediaException;
import org.opensbc.media.relay.MediaRelay;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.Profile;
import org.opensbc.media.relay.Side;
import org.opensbc.media.sdp.SdpException;

/**
 * Puts a call's SDP through the media relay so both legs see only the gateway's media
 * addresses, and so a browser (WebRTC: ICE, DTLS-SRTP) can talk to a phone (plain RTP). Every
 * call is anchored when the relay is on. A side's media profile follows from its own SDP; the
 * side an offer is sent to, before it has said anything, is taken to be a browser when it is
 * reached over a WebSocket. Callers hold the call's monitor.
 */
final class MediaAnchor {

    /** Why a body could not be anchored: the SIP status and the Warning text for it. */
    static final class Refused extends Exception {
        final int status;
        final int warnCode;

        Refused(int status, int warnCode, String reason) {
            super(reason);
            this.status = status;
            this.warnCode = warnCode;
        }
    }

    /** Null when media anchoring is off. */
    private final MediaRelay relay;

    private volatile java.util.function.Consumer<Call> onMediaTimeout = call -> { };
    private volatile DigitHandler onDigit = (call, from, digit, millis) -> { };

    /** A digit the relay took out of a phone's RTP for the browser across the call. */
    @FunctionalInterface
    interface DigitHandler {
        void onDigit(Call call, Side from, char digit, int millis);
    }

    MediaAnchor(MediaRelay relay) {
        this.relay = relay;
    }

    /** What ends a call whose media stopped (set once at start, before any call). */
    void onMediaTimeout(java.util.function.Consumer<Call> handler) {
        onMediaTimeout = handler;
    }

    /** Where a phone's digits for a browser go (set once at start, before any call). */
    void onDigit(DigitHandler handler) {
        onDigit = handler;
    }

    /**
     * Decides once per call, before its first INVITE goes out, whether its media is anchored and
     * which profile each side is offered in. A fork to browsers and phones at once is offered in
     * the profile of its first target. Each side is given the relay's address of the family its
     * signalling uses (IPv4<->IPv6 interworking), until its own SDP says otherwise.
     */
    void decide(Call call, List<NextHop> calleeHops) {
        if (relay != null) {
            Call.MediaOwner owner = new Call.MediaOwner(call);
            MediaSession session = relay.newSession("call-" + call.id, () -> onMediaTimeout.accept(owner.call()),
                    (from, digit, millis) -> onDigit.onDigit(owner.call(), from, digit, millis));
            call.anchor(session, owner, isWebSocket(call.caller.hop()) ? Profile.WEBRTC : Profile.PLAIN,
                    !calleeHops.isEmpty() && isWebSocket(calleeHops.get(0)) ? Profile.WEBRTC : Profile.PLAIN);
            session.signalledFamily(Side.CALLER, family(call.caller.hop()));
            if (!calleeHops.isEmpty()) {
                session.signalledFamily(Side.CALLEE, family(calleeHops.get(0)));
            }
        }
    }

    /**
     * Copies {@code from}'s body onto {@code to}; an SDP body of an anchored call is rewritten
     * for the other leg first.
     */
    void copyBody(CallLeg sender, Message from, Message to) throws ParseException, Refused {
        copyBody(sender, from, to, null);
    }

    /**
     * The same for a request to {@code towards}, one of the targets of a fork: its SDP names the
     * relay by its address of that target's family.
     */
    void copyBody(CallLeg sender, Message from, Message to, NextHop towards) throws ParseException, Refused {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        MediaSession session = sender.call.media();
        if (session == null || body == null || body.length == 0 || type == null || !isSdp(type)) {
            HeaderPolicy.copyBody(from, to);
            return;
        }
        Side side = sender.isCaller() ? Side.CALLER : Side.CALLEE;
        String text = new String(body, StandardCharsets.UTF_8);
        sender.peerSent(text);
        String anchored;
        try {
            // a fork that answered is the callee from now on: its family, not the first target's
            session.signalledFamily(side, family(sender.hop()));
            Profile profile = sender.call.profileTowardsPeerOf(sender);
            anchored = isOffer(from) ? session.offer(side, text, profile, towards == null ? null : family(towards))
                    : session.answer(side, text);
        } catch (SdpException e) {
            throw new Refused(488, 399, "malformed SDP: " + e.getMessage());
        } catch (MediaException e) {
            throw new Refused(e.retryable() ? 503 : 488, e.warnCode(), e.getMessage());
        }
        to.setContent(anchored.getBytes(StandardCharsets.UTF_8), (ContentTypeHeader) type.clone());
    }

    /** Frees the call's media ports; whatever ended the call. */
    static void release(Call call) {
        if (call.media() != null) {
            call.media().close();
        }
    }

    /** An offer in a request (not the ACK or PRACK that complete an exchange); else an answer. */
    private static boolean isOffer(Message message) {
        return message instanceof Request r && !Request.ACK.equals(r.getMethod()) && !Request.PRACK.equals(r.getMethod());
    }

    private static boolean isSdp(ContentTypeHeader type) {
        return "application".equalsIgnoreCase(type.getContentType()) && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    private static StandardProtocolFamily family(NextHop hop) {
        return hop.isIpv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static boolean isWebSocket(NextHop hop) {
        return hop != null && hop.transport().startsWith("WS");
    }
}
