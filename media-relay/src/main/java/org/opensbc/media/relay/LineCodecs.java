package org.opensbc.media.relay;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opensbc.media.path.Stream;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SessionDescription;
import org.opensbc.media.session.CodecNegotiation;
import org.opensbc.media.session.PayloadTypes;

/**
 * The codec handling of each line, decided at negotiation time (rtpengine's codec handlers): an
 * offer gains what the relay could transcode to; the answer then settles each line on
 * pass-through (the answer renumbered to the offerer's payload types) or a transcoder per
 * direction (the answer rewritten to the offerer's own codec). The packet path only runs what
 * was chosen here.
 *
 * <p>Thread confinement: guarded by the owning session's monitor.
 */
final class LineCodecs {

    private final MediaRelay relay;
    private final Lines lines;
    private final DtmfRouting dtmf;

    LineCodecs(MediaRelay relay, Lines lines, DtmfRouting dtmf) {
        this.relay = relay;
        this.lines = lines;
        this.dtmf = dtmf;
    }

    /** The offer as it came, and what the relay added to it for the other side, line by line. */
    void offered(Side from, SessionDescription in, SessionDescription out, int[] ports, Profile towards) {
        List<Set<String>> added = CodecNegotiation.extendOffer(out, towards, relay.transcoding());
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] != 0) {
                lines.get(i).offered(from, in.media().get(i).copy(), added.get(i));
            }
        }
    }

    /** The answer {@code in} settles each accepted line; {@code out} (towards the offerer) follows the choice. */
    void answered(SessionDescription in, SessionDescription out, int[] ports, Leg offerer) throws MediaException {
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] == 0) {
                continue;
            }
            Stream stream = lines.get(i);
            MediaDescription answer = in.media().get(i);
            MediaDescription towardsOfferer = out.media().get(i);
            Optional<CodecNegotiation.Transcoding> plans = stream.offer() == null ? Optional.empty()
                    : CodecNegotiation.settle(stream.offer(), offerer.profile, stream.added(), relay.transcoding(),
                            answer, towardsOfferer);
            if (plans.isPresent()) {
                dtmf.settle(stream, answer, towardsOfferer, offerer.side);
                try {
                    stream.transcode(plans.get(), relay.opus());
                } catch (RuntimeException e) {
                    throw MediaException.relayFailure("transcoder failed to start: " + e.getMessage());
                }
            } else {
                PayloadTypes.renumber(towardsOfferer, stream.declaredBy(offerer.side));
                dtmf.settle(stream, answer, towardsOfferer, offerer.side);
                stream.passThrough();
            }
        }
    }
}
