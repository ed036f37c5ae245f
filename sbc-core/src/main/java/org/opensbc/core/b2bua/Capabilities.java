package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.OptionTag;
import javax.sip.message.Message;

/**
 * The gateway's own Allow and Supported, and option-tag checks. Each leg negotiates extensions
 * with the gateway, never end to end: a peer's Supported/Require are read, not copied.
 */
final class Capabilities {

    /** Methods the gateway accepts on calls and outside them. */
    static final List<String> ALLOWED = List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE", "INFO",
            "MESSAGE", "REFER", "NOTIFY", "PRACK", "REGISTER");

    /** Extensions the gateway implements; a Require of anything else gets 420. */
    static final List<String> SUPPORTED = List.of("timer", "100rel", "outbound");

    private Capabilities() {
    }

    /** The request's Max-Forwards (70 when absent, as a UAC would have set it). */
    static int maxForwards(javax.sip.message.Request request) {
        javax.sip.header.MaxForwardsHeader mf = (javax.sip.header.MaxForwardsHeader) request.getHeader(
                javax.sip.header.MaxForwardsHeader.NAME);
        return mf == null ? 70 : mf.getMaxForwards();
    }

    /** True when one of the message's {@code headerName} headers lists {@code tag}. */
    static boolean lists(Message message, String headerName, String tag) {
        ListIterator<?> it = message.getHeaders(headerName);
        while (it != null && it.hasNext()) {
            Object h = it.next();
            String value = h instanceof OptionTag o ? o.getOptionTag() : ((Header) h).toString();
            if (value != null && value.trim().equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }

    /** Option tags in Require that the gateway does not implement (empty when all are known). */
    static List<String> unsupportedRequired(Message message) {
        List<String> unknown = new java.util.ArrayList<>();
        ListIterator<?> it = message.getHeaders(javax.sip.header.RequireHeader.NAME);
        while (it != null && it.hasNext()) {
            String tag = ((OptionTag) it.next()).getOptionTag().trim().toLowerCase(Locale.ROOT);
            if (!SUPPORTED.contains(tag)) {
                unknown.add(tag);
            }
        }
        return unknown;
    }

    /** Allow and Supported on an INVITE the gateway sends; 100rel only when the caller offered it. */
    static void addTo(Message out, HeaderFactory headers, boolean offer100rel) throws ParseException {
        addAllow(out, headers);
        out.addHeader(headers.createSupportedHeader("timer"));
        if (offer100rel) {
            out.addHeader(headers.createSupportedHeader("100rel"));
        }
    }

    static void addAllow(Message out, HeaderFactory headers) throws ParseException {
        out.setHeader(headers.createAllowHeader(String.join(", ", ALLOWED)));
    }

    /** True when the peer's Allow lists {@code method} (absent Allow: assume the RFC 3261 core only). */
    static boolean allows(Message message, String method) {
        ListIterator<?> it = message.getHeaders(javax.sip.header.AllowHeader.NAME);
        while (it != null && it.hasNext()) {
            String value = ((javax.sip.header.AllowHeader) it.next()).getMethod();
            for (String m : value.split(",")) {
                if (m.trim().equalsIgnoreCase(method)) {
                    return true;
                }
            }
        }
        return false;
    }
}
