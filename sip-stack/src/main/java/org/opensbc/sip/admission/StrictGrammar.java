package org.opensbc.sip.admission;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * RFC 3261 grammar rules that JAIN-SIP's parser lets through but a border element must refuse
 * (RFC 4475 section 3.1.2): a Request-Line with other than single spaces, headers escaped into a
 * Request-URI, an addr-spec with blanks inside its angle brackets, an unquoted display name with
 * non-token characters, a bare URI with '?', ',' or ';' outside brackets, a Date not in GMT.
 * Works on the raw header section; returns a short reason, or null when the message is fine.
 */
final class StrictGrammar {

    private static final String TOKEN_CHARS = "-.!%*_+`'~";

    private StrictGrammar() {
    }

    static String violation(byte[] raw) {
        int end = headerEnd(raw);
        int lineStart = 0;
        boolean first = true;
        while (lineStart < end) {
            int lineEnd = logicalLineEnd(raw, lineStart, end);
            String reason = first ? requestLine(raw, lineStart, lineEnd) : header(raw, lineStart, lineEnd);
            if (reason != null) {
                return reason;
            }
            first = false;
            lineStart = skipNewline(raw, lineEnd);
        }
        return null;
    }

    /** Index of the blank line that ends the headers, or the message length. */
    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))) {
                return i;
            }
        }
        return raw.length;
    }

    /** End of a header line including its continuation lines (a newline followed by SP/HT). */
    private static int logicalLineEnd(byte[] raw, int from, int end) {
        int i = from;
        while (i < end) {
            if (raw[i] == '\n' && (i + 1 >= end || (raw[i + 1] != ' ' && raw[i + 1] != '\t'))) {
                return raw[i - 1 < from ? i : i - 1] == '\r' ? i - 1 : i;
            }
            i++;
        }
        return end;
    }

    private static int skipNewline(byte[] raw, int i) {
        if (i < raw.length && raw[i] == '\r') {
            i++;
        }
        return i < raw.length && raw[i] == '\n' ? i + 1 : i;
    }

    private static String requestLine(byte[] raw, int from, int to) {
        if (to - from >= 4 && raw[from] == 'S' && raw[from + 1] == 'I' && raw[from + 2] == 'P' && raw[from + 3] == '/') {
            return null; // a status line
        }
        return requestLine(new String(raw, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** Only the few headers with rules here are turned into strings; the rest are skipped by their first byte. */
    private static String header(byte[] raw, int from, int to) {
        byte b = raw[from];
        if ("fFtTcCrRdD".indexOf(b) < 0) {
            return null;
        }
        int colon = from;
        while (colon < to && raw[colon] != ':') {
            colon++;
        }
        if (colon == to) {
            return null;
        }
        String name = new String(raw, from, colon - from, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
        String header = switch (name) {
            case "from", "f" -> "from";
            case "to", "t" -> "to";
            case "contact", "m" -> "contact";
            case "route", "record-route", "reply-to", "date" -> name;
            default -> null;
        };
        if (header == null) {
            return null;
        }
        String value = unfold(new String(raw, colon + 1, to - colon - 1, StandardCharsets.ISO_8859_1)).trim();
        return header.equals("date") ? (value.endsWith(" GMT") ? null : "Date must be in GMT") : nameAddrList(value, header);
    }

    /** Continuation lines joined with one space. */
    private static String unfold(String value) {
        if (value.indexOf('\n') < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                while (i + 1 < value.length() && Character.isWhitespace(value.charAt(i + 1))) {
                    i++;
                }
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String requestLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return "Malformed Request-Line";
        }
        String uri = parts[1].toLowerCase(Locale.ROOT);
        if ((uri.startsWith("sip:") || uri.startsWith("sips:")) && hasHeaders(uri)) {
            return "Headers not allowed in Request-URI";
        }
        return null;
    }

    /** True for a request that names a SIP version other than 2.0 (JAIN-SIP reads any as 2.0). */
    static boolean otherVersion(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        String first = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        return !first.startsWith("SIP/") && !first.endsWith(" SIP/2.0");
    }

    /** A '?' in the host part starts URI headers; in the user part it is an ordinary character. */
    private static boolean hasHeaders(String addrSpec) {
        return addrSpec.substring(addrSpec.lastIndexOf('@') + 1).indexOf('?') >= 0;
    }

    /** Checks each comma-separated name-addr / addr-spec of a From/To/Contact/Route header. */
    private static String nameAddrList(String value, String header) {
        if (value.equals("*") && header.equals("contact")) {
            return null;
        }
        int i = 0;
        int n = value.length();
        while (i < n) {
            i = skipBlanks(value, i);
            int lt = -1;
            if (i < n && value.charAt(i) == '"') {
                i = endOfQuoted(value, i);
                if (i < 0) {
                    return "Unbalanced quotes in " + header;
                }
                i = skipBlanks(value, i);
                if (i >= n || value.charAt(i) != '<') {
                    return "Malformed " + header;
                }
                lt = i;
            } else {
                int j = i;
                while (j < n && value.charAt(j) != '<' && value.charAt(j) != ';' && value.charAt(j) != ',') {
                    j++;
                }
                if (j < n && value.charAt(j) == '<') {
                    if (!isTokenList(value.substring(i, j))) {
                        return "Display name in " + header + " must be quoted";
                    }
                    lt = j;
                } else {
                    String spec = value.substring(i, j).trim();
                    if (hasHeaders(spec) || spec.chars().anyMatch(Character::isWhitespace)) {
                        return "URI with '?' in " + header + " must be in angle brackets";
                    }
                    i = j;
                }
            }
            if (lt >= 0) {
                int gt = value.indexOf('>', lt);
                if (gt < 0) {
                    return "Unbalanced angle brackets in " + header;
                }
                String spec = value.substring(lt + 1, gt);
                if (spec.isEmpty() || spec.chars().anyMatch(Character::isWhitespace)) {
                    return "Blank inside angle brackets in " + header;
                }
                i = gt + 1;
            }
            i = skipParams(value, i);
            if (i < n && value.charAt(i) == ',') {
                if (header.equals("from") || header.equals("to")) {
                    return "More than one value in " + header;
                }
                i++;
            }
        }
        return null;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Index just past the closing quote of the quoted-string starting at i, or -1. */
    private static int endOfQuoted(String s, int i) {
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"') {
                return j + 1;
            }
        }
        return -1;
    }

    /** Skips ";param=value" runs (quoted values included) up to a top-level comma or the end. */
    private static int skipParams(String s, int i) {
        while (i < s.length() && s.charAt(i) != ',') {
            if (s.charAt(i) == '"') {
                int end = endOfQuoted(s, i);
                i = end < 0 ? s.length() : end;
            } else {
                i++;
            }
        }
        return i;
    }

    private static boolean isTokenList(String displayName) {
        for (char c : displayName.toCharArray()) {
            boolean token = Character.isLetterOrDigit(c) && c < 128 || TOKEN_CHARS.indexOf(c) >= 0;
            if (!token && c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
