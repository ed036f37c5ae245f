package org.opensbc.core.b2bua;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import org.opensbc.media.relay.MediaException;
import org.opensbc.media.relay.MediaRelay;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.Side;
import org.opensbc.media.sdp.SdpException;

/**
 * Puts a call's SDP through the media relay so both legs see only the gateway's media
 * addresses. A call is anchored when the relay is on and neither leg runs over a WebSocket
 * (the WebRTC leg, ICE and DTLS-SRTP, is not built yet: those calls' SDP still passes as it is).
 * Callers hold the call's monitor.
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

    MediaAnchor(MediaRelay relay) {
        this.relay = relay;
    }

    /** Decides once per call, before its first INVITE goes out, whether its media is anchored. */
    void decide(Call call, List<NextHop> calleeHops) {
        boolean browserLeg = isWebSocket(call.caller.hop) || calleeHops.stream().anyMatch(MediaAnchor::isWebSocket);
        if (relay != null && !browserLeg) {
            call.media = relay.newSession("call-" + call.id);
        }
    }

    /**
     * Copies {@code from}'s body onto {@code to}; an SDP body of an anchored call is rewritten
     * for the other leg first.
     */
    void copyBody(CallLeg sender, Message from, Message to) throws ParseException, Refused {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        MediaSession session = sender.call.media;
        if (session == null || body == null || body.length == 0 || type == null || !isSdp(type)) {
            HeaderPolicy.copyBody(from, to);
            return;
        }
        Side side = sender.isCaller() ? Side.CALLER : Side.CALLEE;
        String text = new String(body, StandardCharsets.UTF_8);
        String anchored;
        try {
            anchored = isOffer(from) ? session.offer(side, text) : session.answer(side, text);
        } catch (SdpException e) {
            throw new Refused(488, 399, "malformed SDP: " + e.getMessage());
        } catch (MediaException e) {
            throw new Refused(e.retryable() ? 503 : 488, e.warnCode(), e.getMessage());
        }
        to.setContent(anchored.getBytes(StandardCharsets.UTF_8), (ContentTypeHeader) type.clone());
    }

    /** Frees the call's media ports; whatever ended the call. */
    static void release(Call call) {
        if (call.media != null) {
            call.media.close();
        }
    }

    /** An offer in a request (not the ACK or PRACK that complete an exchange); else an answer. */
    private static boolean isOffer(Message message) {
        return message instanceof Request r && !Request.ACK.equals(r.getMethod()) && !Request.PRACK.equals(r.getMethod());
    }

    private static boolean isSdp(ContentTypeHeader type) {
        return "application".equalsIgnoreCase(type.getContentType()) && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    private static boolean isWebSocket(NextHop hop) {
        return hop != null && hop.transport().startsWith("WS");
    }
}
