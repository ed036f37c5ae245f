package org.opensbc.sip;

import java.security.SecureRandom;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * RFC 3261 section 8.2.6.2: a UAS adds a tag to the To of every response but 100 when the request
 * had none. Responses the gateway sends without a transaction (challenges, refusals) get a tag
 * derived from the request, so a retransmitted request gets the very same response.
 */
public final class ResponseTags {

    /** Per process: the tags say nothing about the request to anyone who sees them. */
    private static final long SALT = new SecureRandom().nextLong();

    private ResponseTags() {
    }

    /** Adds the tag when {@code response} needs one and has none. */
    public static void ensureToTag(Response response, Request request) {
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (response.getStatusCode() <= 100 || to == null || to.getTag() != null) {
            return;
        }
        try {
            to.setTag(tagFor(request));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("hex tag refused", e);
        }
    }

    /** The same request (and its retransmissions) always gets the same tag. */
    static String tagFor(Request request) {
        long h = SALT;
        h = mix(h, text(request.getHeader(CallIdHeader.NAME) instanceof CallIdHeader c ? c.getCallId() : null));
        h = mix(h, text(request.getHeader(FromHeader.NAME) instanceof FromHeader f ? f.getTag() : null));
        h = mix(h, request.getHeader(CSeqHeader.NAME) instanceof CSeqHeader s ? s.getSeqNumber() : 0);
        h = mix(h, text(request.getHeader(ViaHeader.NAME) instanceof ViaHeader v ? v.getBranch() : null));
        return Long.toHexString(h | Long.MIN_VALUE);
    }

    private static long text(String s) {
        return s == null ? 0 : s.hashCode();
    }

    /** SplitMix64's finaliser over the running value: a cheap, well-spread combination. */
    private static long mix(long h, long value) {
        long z = h ^ (value + 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
