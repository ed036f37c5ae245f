package org.opensbc.core.json;

/** JSON string literals for the hand-written JSON the gateway emits (admin listings, CDR lines). */
public final class JsonText {

    private JsonText() {
    }

    /** {@code value} as a quoted JSON string with quotes, backslashes and control characters escaped; null as null. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
