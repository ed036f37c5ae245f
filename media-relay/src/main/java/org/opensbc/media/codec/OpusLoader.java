package org.opensbc.media.codec;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the Opus implementation once per process: native libopus when it loads, else Concentus. */
public final class OpusLoader {

    private static final Logger LOG = LoggerFactory.getLogger(OpusLoader.class);

    /** Which implementation an operator asked for ({@code media.transcoding.opus}). */
    public enum Preference {
        /** libopus, or Concentus when the native library cannot load (logged once). */
        AUTO,
        NATIVE,
        CONCENTUS;

        public static Preference parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    private OpusLoader() {
    }

    /**
     * @throws IllegalStateException for {@link Preference#NATIVE} when libopus cannot load
     */
    public static Opus load(Preference preference) {
        if (preference == Preference.CONCENTUS) {
            return new ConcentusOpus();
        }
        try {
            return NativeOpus.load();
        } catch (LinkageError e) {
            if (preference == Preference.NATIVE) {
                throw new IllegalStateException("native Opus (libjnopus) cannot load: " + e, e);
            }
            LOG.warn("native Opus (libjnopus) cannot load ({}); transcoding uses Concentus, about 8x slower", e.toString());
            return new ConcentusOpus();
        }
    }
}
