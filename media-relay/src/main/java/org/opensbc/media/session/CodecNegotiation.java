package org.opensbc.media.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opensbc.media.codec.AudioCodec;
import org.opensbc.media.dtmf.EventFormat;
import org.opensbc.media.relay.Profile;
import org.opensbc.media.relay.TranscodingPolicy;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.transcode.Transcoder;

/**
 * The SDP half of transcoding, decided once per offer/answer exchange. An offer going to the
 * other side gains the encodings the relay can make from what the offerer sent (G.711 towards a
 * phone, Opus towards a browser, and a telephone-event at the clock that goes with them). When
 * the answer picks one of those additions, the line is transcoded: the offerer gets an answer in
 * its own best codec, and each direction gets a {@link Transcoder.Plan}. Otherwise the added
 * encodings are taken out of the answer and packets pass through.
 */
public final class CodecNegotiation {

    static final String TELEPHONE_EVENT = "telephone-event";
    /** RFC 7587 fmtp parameters of an Opus stream the relay receives and sends at 8 kHz (from and to G.711). */
    static final String NARROWBAND = "maxplaybackrate=8000;sprop-maxcapturerate=8000";
    private static final Set<String> NOT_AUDIO = Set.of(TELEPHONE_EVENT, "cn", "red", "rtx", "ulpfec", "flexfec-03");

    /** Both directions of a transcoded line: from the offerer, and from the answerer. */
    public record Transcoding(Transcoder.Plan fromOfferer, Transcoder.Plan fromAnswerer) {
    }

    private CodecNegotiation() {
    }

    /**
     * Adds what the relay can transcode to on the audio lines of an offer about to go to a side
     * of profile {@code towards}.
     *
     * @return for each m= line, the encodings added (empty where none)
     */
    public static List<Set<String>> extendOffer(SessionDescription out, Profile towards, TranscodingPolicy policy) {
        List<Set<String>> added = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (MediaDescription m : out.media()) {
            for (String format : m.formats()) {
                try {
                    used.add(Integer.parseInt(format.trim()));
                } catch (NumberFormatException e) {
                    // not an RTP payload type
                }
            }
        }
        for (MediaDescription m : out.media()) {
            Set<String> lineAdded = new LinkedHashSet<>();
            if (policy != TranscodingPolicy.OFF && m.media().equals("audio") && !m.isRejected()) {
                extendLine(m, towards, policy, used, lineAdded);
            }
            added.add(lineAdded);
        }
        return added;
    }

    private static void extendLine(MediaDescription m, Profile towards, TranscodingPolicy policy, Set<Integer> used,
            Set<String> added) {
        PayloadTypes offered = new PayloadTypes(m);
        List<String> formats = new ArrayList<>(m.formats());
        boolean transcodable = formats.stream().map(offered::encoding)
                .anyMatch(e -> e != null && AudioCodec.of(e).isPresent());
        if (!transcodable) {
            return; // nothing the relay could decode
        }
        boolean events = formats.stream().map(offered::encoding).anyMatch(e -> e != null && e.startsWith(TELEPHONE_EVENT));
        Set<String> addedCodecs = new HashSet<>();
        List<AudioCodec> wanted = towards == Profile.WEBRTC ? List.of(AudioCodec.OPUS) : List.of(AudioCodec.PCMU, AudioCodec.PCMA);
        for (AudioCodec codec : wanted) {
            if (formats.stream().map(offered::encoding).anyMatch(codec.encoding()::equals)) {
                continue;
            }
            int pt = codec.isStatic() ? codec.preferredPayloadType() : free(codec.preferredPayloadType(), used);
            used.add(pt);
            String format = Integer.toString(pt);
            if (codec == AudioCodec.OPUS && policy == TranscodingPolicy.OPUS) {
                formats.add(0, format);
            } else {
                insertAfterCodecs(formats, offered, addedCodecs, format);
            }
            addedCodecs.add(format);
            m.addAttribute("rtpmap", pt + " " + codec.rtpmap());
            if (codec.fmtp() != null) {
                m.addAttribute("fmtp", pt + " " + codec.fmtp());
            }
            added.add(codec.encoding());
            int clock = codec.clockRate();
            String event = TELEPHONE_EVENT + "/" + clock;
            if (events && formats.stream().map(offered::encoding).noneMatch(event::equals) && !added.contains(event)) {
                int eventPt = free(clock == 8_000 ? 101 : 110, used);
                used.add(eventPt);
                formats.add(Integer.toString(eventPt));
                m.addAttribute("rtpmap", eventPt + " " + TELEPHONE_EVENT + "/" + clock);
                m.addAttribute("fmtp", eventPt + " 0-16");
                added.add(event);
            }
        }
        m.setFormats(formats);
    }

    /** After the offerer's last codec, before its telephone-event and comfort-noise formats. */
    private static void insertAfterCodecs(List<String> formats, PayloadTypes offered, Set<String> addedCodecs,
            String format) {
        int at = 0;
        for (int i = 0; i < formats.size(); i++) {
            String e = offered.encoding(formats.get(i));
            if (addedCodecs.contains(formats.get(i)) || (e != null && !NOT_AUDIO.contains(name(e)))) {
                at = i + 1;
            }
        }
        formats.add(at, format);
    }

    private static int free(int preferred, Set<Integer> used) {
        if (!used.contains(preferred)) {
            return preferred;
        }
        for (int pt = 96; pt < 128; pt++) {
            if (!used.contains(pt)) {
                return pt;
            }
        }
        return preferred; // 32 dynamic types in use on one session: not a real offer
    }

    /**
     * Settles one line once the answer is known.
     *
     * @param offer        the offerer's line as it sent it
     * @param offerer      the offerer's profile
     * @param added        what {@link #extendOffer} added to the line
     * @param answer       the answerer's line as it sent it
     * @param towardsOfferer the answer about to go to the offerer: rewritten to the offerer's codec
     *                     when transcoding, else stripped of the additions
     * @return the plan when the line is transcoded; empty for pass-through
     */
    public static Optional<Transcoding> settle(MediaDescription offer, Profile offerer, Set<String> added, TranscodingPolicy policy,
            MediaDescription answer, MediaDescription towardsOfferer) {
        PayloadTypes answered = new PayloadTypes(answer);
        String chosenFormat = firstAudio(answer, answered);
        String chosen = chosenFormat == null ? null : answered.encoding(chosenFormat);
        PayloadTypes offered = new PayloadTypes(offer);
        if (chosen == null || AudioCodec.of(chosen).isEmpty()) {
            strip(towardsOfferer, added);
            return Optional.empty();
        }
        AudioCodec answererCodec = AudioCodec.of(chosen).get();
        AudioCodec offererCodec;
        String offererFormat;
        String browserOpus = offerer == Profile.WEBRTC && policy == TranscodingPolicy.OPUS
                ? formatOf(offer, offered, AudioCodec.OPUS.encoding()) : null;
        if (browserOpus != null && answererCodec != AudioCodec.OPUS) {
            offererCodec = AudioCodec.OPUS; // the browser gets Opus even though it offered the phone's codec
            offererFormat = browserOpus;
        } else if (!added.contains(chosen)) {
            strip(towardsOfferer, added);
            return Optional.empty(); // the answerer took one of the offerer's own codecs
        } else {
            offererFormat = firstTranscodable(offer, offered);
            offererCodec = AudioCodec.of(offered.encoding(offererFormat)).orElseThrow();
        }
        String answererEvent = eventFormat(answer, answered, answererCodec.clockRate());
        String offererEvent = answererEvent == null ? null : eventFormat(offer, offered, offererCodec.clockRate());
        answerWith(towardsOfferer, offer, offererFormat, offererEvent);
        if (offererCodec == AudioCodec.OPUS && answererCodec.clockRate() == 8_000) {
            narrowband(towardsOfferer, offererFormat);
        }
        int fromEventClock = offererEvent == null ? 0 : clock(offered.encoding(offererEvent));
        int toEventClock = answererEvent == null ? 0 : clock(answered.encoding(answererEvent));
        Transcoder.Plan fromOfferer = new Transcoder.Plan(offererCodec, pt(offererFormat), pt(offererEvent), fromEventClock,
                answererCodec, pt(chosenFormat), pt(answererEvent), toEventClock);
        Transcoder.Plan fromAnswerer = new Transcoder.Plan(answererCodec, pt(chosenFormat), pt(answererEvent),
                toEventClock, offererCodec, pt(offererFormat), pt(offererEvent), fromEventClock);
        return Optional.of(new Transcoding(fromOfferer, fromAnswerer));
    }

    /**
     * The telephone-event a side may send and receive on a line, read from the answer that side
     * sent or was sent: the one at the clock of its first codec (RFC 4733 section 7.1.1: events
     * share the audio's clock), else any; null when the answer has none.
     */
    public static EventFormat negotiatedEvent(MediaDescription answer) {
        if (answer.isRejected() || !answer.media().equals("audio")) {
            return null;
        }
        PayloadTypes types = new PayloadTypes(answer);
        String codec = firstAudio(answer, types);
        int clock = codec == null ? 8_000 : clock(types.encoding(codec));
        String event = eventFormat(answer, types, clock);
        return event == null ? null : new EventFormat(pt(event), clock(types.encoding(event)));
    }

    /** The answer's first format that is a codec (not telephone-event, CN, RED, FEC or RTX). */
    private static String firstAudio(MediaDescription m, PayloadTypes types) {
        for (String format : m.formats()) {
            String e = types.encoding(format);
            if (e != null && !NOT_AUDIO.contains(name(e))) {
                return format;
            }
        }
        return null;
    }

    private static String firstTranscodable(MediaDescription m, PayloadTypes types) {
        for (String format : m.formats()) {
            String e = types.encoding(format);
            if (e != null && AudioCodec.of(e).isPresent()) {
                return format;
            }
        }
        throw new IllegalStateException("an extended offer always had a transcodable codec");
    }

    private static String formatOf(MediaDescription m, PayloadTypes types, String encoding) {
        for (String format : m.formats()) {
            if (encoding.equals(types.encoding(format))) {
                return format;
            }
        }
        return null;
    }

    /** The telephone-event at {@code clock}, else any telephone-event; null when none. */
    private static String eventFormat(MediaDescription m, PayloadTypes types, int clock) {
        String any = null;
        for (String format : m.formats()) {
            String e = types.encoding(format);
            if (e != null && name(e).equals(TELEPHONE_EVENT)) {
                if (clock(e) == clock) {
                    return format;
                }
                any = any == null ? format : any;
            }
        }
        return any;
    }

    /** The answer to the offerer names only its codec and event, with its own rtpmap and fmtp. */
    private static void answerWith(MediaDescription towardsOfferer, MediaDescription offer, String codec, String event) {
        List<String> formats = event == null ? List.of(codec) : List.of(codec, event);
        towardsOfferer.setFormats(formats);
        towardsOfferer.removeAttributes(name -> name.equals("rtpmap") || name.equals("fmtp") || name.equals("rtcp-fb"));
        for (String attribute : new String[] {"rtpmap", "fmtp", "rtcp-fb"}) {
            for (String value : offer.attributes(attribute)) {
                int space = value.indexOf(' ');
                String pt = space < 0 ? value : value.substring(0, space);
                if (formats.contains(pt)) {
                    towardsOfferer.addAttribute(attribute, value);
                }
            }
        }
    }

    /**
     * RFC 7587 section 7: the relay renders what it receives in Opus at 8 kHz (it becomes G.711)
     * and encodes from 8 kHz, so the answer says so. A browser then encodes narrowband Opus (SILK
     * at 8 kHz), which sounds the same once in G.711, costs it less to make, and costs the relay
     * about a fifth of a fullband packet to decode (4 us against 24 us per 20 ms frame).
     */
    private static void narrowband(MediaDescription answer, String opusFormat) {
        String prefix = opusFormat.trim() + " ";
        List<String> values = answer.attributes("fmtp");
        String params = "";
        for (String value : values) {
            if (value.startsWith(prefix)) {
                params = value.substring(prefix.length()).trim();
            }
        }
        StringBuilder out = new StringBuilder();
        for (String param : params.split(";")) {
            String p = param.trim();
            if (!p.isEmpty() && !p.startsWith("maxplaybackrate=") && !p.startsWith("sprop-maxcapturerate=")) {
                out.append(p).append(';');
            }
        }
        out.append(NARROWBAND);
        answer.removeAttribute("fmtp");
        boolean written = false;
        for (String value : values) {
            if (value.startsWith(prefix)) {
                answer.addAttribute("fmtp", prefix + out);
                written = true;
            } else {
                answer.addAttribute("fmtp", value);
            }
        }
        if (!written) {
            answer.addAttribute("fmtp", prefix + out);
        }
    }

    /** Takes the relay's additions out of an answer that did not use them. */
    private static void strip(MediaDescription towardsOfferer, Set<String> added) {
        if (added.isEmpty()) {
            return;
        }
        PayloadTypes types = new PayloadTypes(towardsOfferer);
        List<String> kept = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        for (String format : towardsOfferer.formats()) {
            String e = types.encoding(format);
            if (e != null && added.contains(e)) {
                dropped.add(format.trim());
            } else {
                kept.add(format);
            }
        }
        if (dropped.isEmpty() || kept.isEmpty()) {
            return;
        }
        towardsOfferer.setFormats(kept);
        for (String attribute : new String[] {"rtpmap", "fmtp", "rtcp-fb"}) {
            List<String> values = towardsOfferer.attributes(attribute);
            towardsOfferer.removeAttribute(attribute);
            for (String value : values) {
                int space = value.indexOf(' ');
                if (!dropped.contains(space < 0 ? value : value.substring(0, space))) {
                    towardsOfferer.addAttribute(attribute, value);
                }
            }
        }
    }

    /** "telephone-event/8000" -> "telephone-event". */
    private static String name(String encoding) {
        int slash = encoding.indexOf('/');
        return slash < 0 ? encoding : encoding.substring(0, slash);
    }

    private static int clock(String encoding) {
        String[] parts = encoding.split("/");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int pt(String format) {
        return format == null ? -1 : Integer.parseInt(format.trim());
    }
}
