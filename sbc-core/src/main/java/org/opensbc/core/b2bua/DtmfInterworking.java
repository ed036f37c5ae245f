package org.opensbc.core.b2bua;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.Profile;
import org.opensbc.media.relay.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTMF between SIP INFO and RFC 4733. A browser's INFO digits (application/dtmf-relay, which
 * JsSIP sends by default) towards a phone that agreed to telephone-event are played to it by the
 * media relay and the INFO is answered here; a phone's RFC 4733 digits that the relay reports
 * become INFO towards the browser. Anything else (no anchored media, no telephone-event, a body
 * that names no digit, INFO between two phones) is relayed as it came.
 */
final class DtmfInterworking {

    private static final Logger LOG = LoggerFactory.getLogger(DtmfInterworking.class);
    /** application/dtmf-relay, as JsSIP, Cisco and most phones write it: "Signal=5\r\nDuration=160". */
    private static final Pattern SIGNAL = Pattern.compile("(?im)^\\s*Signal\\s*=\\s*([0-9A-D*#])\\s*$");
    private static final Pattern DURATION = Pattern.compile("(?im)^\\s*Duration\\s*=\\s*(\\d{1,6})\\s*$");
    /** What phones use when the INFO names no duration (JsSIP's default too). */
    static final int DEFAULT_MILLIS = 100;

    private final SipContext sip;
    private final GatewayConfig.Dtmf config;

    DtmfInterworking(SipContext sip, GatewayConfig.Dtmf config) {
        this.sip = sip;
        this.config = config;
    }

    /**
     * An in-dialog INFO from {@code from}: when it carries a digit the relay can play to the other
     * side as RFC 4733, it is played and answered 200 here. Caller holds the call's monitor.
     *
     * @return true when handled; false: relay the INFO as usual
     */
    boolean playInfoDigit(CallLeg from, Request info, ServerTransaction st) {
        MediaSession media = from.call.media();
        if (!config.infoToRfc4733() || media == null) {
            return false;
        }
        Side sender = from.isCaller() ? Side.CALLER : Side.CALLEE;
        Side towards = sender.other();
        if (media.profile(sender) != Profile.WEBRTC || media.profile(towards) != Profile.PLAIN) {
            return false; // a browser's page sees digits only by INFO; a phone's INFO was its own choice
        }
        Digit digit = parse(info);
        if (digit == null || !media.sendDtmf(towards, digit.signal, digit.millis)) {
            return false;
        }
        sip.replies.send(info, st, sip.replies.create(info, Response.OK, null));
        return true;
    }

    /**
     * A phone's digit the relay took out of its RTP for the browser on the other side: sent there
     * as INFO (called on the relay's event thread; answers to it change nothing).
     */
    void sendInfo(Call call, Side from, char digit, int millis) {
        synchronized (call) {
            CallLeg to = from == Side.CALLER ? call.callee() : call.caller;
            if (!call.isUp() || to == null || to.dialog() == null) {
                return;
            }
            try {
                Request info = to.dialog().createRequest(Request.INFO);
                ContentTypeHeader type = sip.headers.createContentTypeHeader("application", "dtmf-relay");
                info.setContent(("Signal=" + digit + "\r\nDuration=" + millis + "\r\n").getBytes(StandardCharsets.US_ASCII),
                        type);
                sip.sendInDialog(to.dialog(), info, to.hop(), null);
            } catch (ParseException | SipException | RuntimeException e) {
                LOG.debug("call {}: DTMF INFO not sent: {}", call.id, e.toString());
            }
        }
    }

    private record Digit(char signal, int millis) {
    }

    /** The digit of an application/dtmf-relay body, or null when it is something else. */
    private static Digit parse(Request info) {
        ContentTypeHeader type = (ContentTypeHeader) info.getHeader(ContentTypeHeader.NAME);
        byte[] body = info.getRawContent();
        if (type == null || body == null || !"application".equalsIgnoreCase(type.getContentType())
                || !"dtmf-relay".equalsIgnoreCase(type.getContentSubType())) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher signal = SIGNAL.matcher(text);
        if (!signal.find()) {
            return null;
        }
        Matcher duration = DURATION.matcher(text);
        int millis = duration.find() ? Integer.parseInt(duration.group(1)) : DEFAULT_MILLIS;
        return new Digit(signal.group(1).toUpperCase(Locale.ROOT).charAt(0), millis);
    }
}
