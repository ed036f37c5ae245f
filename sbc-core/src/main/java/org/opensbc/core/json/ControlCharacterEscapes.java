package org.opensbc.core.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

/**
 * JSON's required escapes, with every control character in the long form (backslash, u, four
 * lowercase hex digits; no short forms such as backslash-n), as the hand-written JSON before
 * Jackson wrote them: the CDR file and the admin API keep the same bytes.
 */
final class ControlCharacterEscapes extends CharacterEscapes {

    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII[c] = ESCAPE_STANDARD;
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return null; // beyond ASCII nothing is escaped
    }
}
