package org.opensbc.media.session;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.opensbc.media.sdp.MediaDescription;

/**
 * The payload type numbers one side declared for one m= line, by encoding. Packets are relayed
 * unchanged except for their payload type: each side receives the number it declared for the
 * encoding (a browser's telephone-event 126 becomes a phone's 101, and back).
 */
public final class PayloadTypes {

    /** RFC 3551 static payload types that may appear without an rtpmap. */
    private static final Map<Integer, String> STATIC = Map.of(0, "pcmu/8000", 3, "gsm/8000", 4, "g723/8000",
            8, "pcma/8000", 9, "g722/8000", 18, "g729/8000");

    /** Encoding ("pcmu/8000", "telephone-event/8000") by payload type. */
    private final Map<Integer, String> encodings = new HashMap<>();

    public PayloadTypes(MediaDescription m) {
        for (String format : m.formats()) {
            int pt;
            try {
                pt = Integer.parseInt(format.trim());
            } catch (NumberFormatException e) {
                continue;
            }
            String encoding = m.rtpmap(format).map(PayloadTypes::normalise).orElse(STATIC.get(pt));
            if (encoding != null && pt >= 0 && pt < 128) {
                encodings.put(pt, encoding);
            }
        }
    }

    /** The encoding of payload type {@code format} ("0", "111"), normalised; null when unknown. */
    String encoding(String format) {
        try {
            return encodings.get(Integer.parseInt(format.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "PCMU/8000/1" and "pcmu/8000" name the same encoding. */
    private static String normalise(String rtpmap) {
        String e = rtpmap.trim().toLowerCase(Locale.ROOT);
        return e.endsWith("/1") && e.chars().filter(c -> c == '/').count() == 2 ? e.substring(0, e.length() - 2) : e;
    }

    /**
     * What a packet {@code from} this side sends must become for {@code to}: null when every
     * number is the same on both sides (the common case, no rewriting).
     */
    public static byte[] mapping(PayloadTypes from, PayloadTypes to) {
        if (from == null || to == null) {
            return null;
        }
        Map<String, Integer> target = new HashMap<>();
        to.encodings.forEach((pt, encoding) -> target.putIfAbsent(encoding, pt));
        byte[] map = new byte[128];
        boolean differs = false;
        for (int pt = 0; pt < 128; pt++) {
            map[pt] = (byte) pt;
        }
        for (Map.Entry<Integer, String> e : from.encodings.entrySet()) {
            Integer theirs = target.get(e.getValue());
            if (theirs != null && theirs.intValue() != e.getKey()) {
                map[e.getKey()] = theirs.byteValue();
                differs = true;
            }
        }
        return differs ? map : null;
    }

    /**
     * Renumbers an answer's payload types to the numbers the offerer used for the same encodings
     * (RFC 3264 section 6.1: the answer SHOULD keep the offer's numbers; browsers insist). A
     * number the answer already uses for something else is left alone.
     */
    public static void renumber(MediaDescription answer, PayloadTypes offerer) {
        if (offerer == null) {
            return;
        }
        Map<String, Integer> offered = new HashMap<>();
        offerer.encodings.forEach((pt, encoding) -> offered.putIfAbsent(encoding, pt));
        PayloadTypes answered = new PayloadTypes(answer);
        Map<String, String> renamed = new HashMap<>();
        for (Map.Entry<Integer, String> e : answered.encodings.entrySet()) {
            Integer wanted = offered.get(e.getValue());
            if (wanted != null && !wanted.equals(e.getKey()) && !answered.encodings.containsKey(wanted)
                    && !renamed.containsValue(wanted.toString())) {
                renamed.put(e.getKey().toString(), wanted.toString());
            }
        }
        if (renamed.isEmpty()) {
            return;
        }
        answer.setFormats(answer.formats().stream().map(f -> renamed.getOrDefault(f.trim(), f)).toList());
        for (String attribute : new String[] {"rtpmap", "fmtp", "rtcp-fb"}) {
            java.util.List<String> values = answer.attributes(attribute);
            answer.removeAttribute(attribute);
            for (String value : values) {
                int space = value.indexOf(' ');
                String pt = space < 0 ? value : value.substring(0, space);
                String to = renamed.get(pt);
                answer.addAttribute(attribute, to == null ? value : to + value.substring(pt.length()));
            }
        }
    }

    /** The clock rate of each payload type this side declared (0 where unknown or undeclared). */
    public static int[] clockRates(PayloadTypes types) {
        int[] rates = new int[128];
        if (types != null) {
            types.encodings.forEach((pt, encoding) -> rates[pt] = clockRate(encoding));
        }
        return rates;
    }

    /** "opus/48000/2" -> 48000. */
    private static int clockRate(String encoding) {
        String[] parts = encoding.split("/");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Rewrites the payload type of the RTP packet at {@code packet}'s position, keeping the marker bit. */
    public static void apply(byte[] map, java.nio.ByteBuffer packet) {
        int at = packet.position() + 1;
        int b = packet.get(at);
        packet.put(at, (byte) ((b & 0x80) | map[b & 0x7F]));
    }
}
