package org.opensbc.media.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * The audio encodings the relay can transcode between, with their SDP names (RFC 3551, RFC 7587).
 * Any two of them pivot through 8 kHz PCM: Opus decodes at 48 kHz and is decimated, and is
 * encoded from 8 kHz.
 */
public enum AudioCodec {

    PCMU("PCMU", 8_000, 1, 0),
    PCMA("PCMA", 8_000, 1, 8),
    OPUS("opus", Opus.RTP_CLOCK, 2, 111);

    /** Opus towards a browser: about what browsers send for speech. */
    public static final int OPUS_BITRATE = 32_000;

    private final String name;
    private final int clockRate;
    private final int channels;
    /** The payload type the relay uses when it adds this encoding to an offer (static, or the usual one). */
    private final int preferredPayloadType;

    AudioCodec(String name, int clockRate, int channels, int preferredPayloadType) {
        this.name = name;
        this.clockRate = clockRate;
        this.channels = channels;
        this.preferredPayloadType = preferredPayloadType;
    }

    /** From a normalised encoding: "pcmu/8000", "opus/48000/2". */
    public static Optional<AudioCodec> of(String encoding) {
        String e = encoding.toLowerCase(Locale.ROOT);
        for (AudioCodec codec : values()) {
            if (e.equals(codec.encoding())) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }

    /** The normalised encoding name, as {@code PayloadTypes} keeps it: "pcmu/8000", "opus/48000/2". */
    public String encoding() {
        String base = name.toLowerCase(Locale.ROOT) + "/" + clockRate;
        return channels > 1 ? base + "/" + channels : base;
    }

    /** The a=rtpmap value: "PCMU/8000", "opus/48000/2". */
    public String rtpmap() {
        return channels > 1 ? name + "/" + clockRate + "/" + channels : name + "/" + clockRate;
    }

    /**
     * The a=fmtp value the relay offers with it, or null. The relay adds Opus only to transcode
     * it from and to G.711, so it asks for narrowband (RFC 7587 maxplaybackrate): nothing above
     * 4 kHz would survive G.711 anyway.
     */
    public String fmtp() {
        return this == OPUS ? "minptime=10;useinbandfec=1;maxplaybackrate=8000;sprop-maxcapturerate=8000" : null;
    }

    public int clockRate() {
        return clockRate;
    }

    public int preferredPayloadType() {
        return preferredPayloadType;
    }

    public boolean isStatic() {
        return this != OPUS;
    }

    /**
     * A decoder for one stream of this encoding, with output at the 8 kHz pivot where it can
     * (see {@link Opus#decoder(int)}; its {@code sampleRate()} says).
     */
    public AudioDecoder newDecoder(Opus opus) {
        return switch (this) {
            case PCMU -> new G711Codec(false);
            case PCMA -> new G711Codec(true);
            case OPUS -> opus.decoder(G711Codec.SAMPLE_RATE);
        };
    }

    /** An encoder for one stream of this encoding, fed at 8 kHz. */
    public AudioEncoder newEncoder(Opus opus) {
        return switch (this) {
            case PCMU -> new G711Codec(false);
            case PCMA -> new G711Codec(true);
            case OPUS -> opus.encoder(G711Codec.SAMPLE_RATE, OPUS_BITRATE);
        };
    }
}
