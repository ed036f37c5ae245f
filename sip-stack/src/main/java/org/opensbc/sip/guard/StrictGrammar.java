package org.opensbc.sip.guard;

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
        String text = headerSection(raw);
        String[] lines = text.split("\r?\n(?![ \t])"); // unfold continuation lines into their header
        if (lines.length == 0) {
            return null;
        }
        if (!lines[0].startsWith("SIP/")) {
            String reason = requestLine(lines[0]);
            if (reason != null) {
                return reason;
            }
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).replaceAll("\r?\n[ \t]+", " ").trim();
            String reason = switch (name) {
                case "from", "f", "to", "t", "contact", "m", "route", "record-route", "reply-to" ->
                        nameAddrList(value, name.length() == 1 ? expand(name) : name);
                case "date" -> value.endsWith(" GMT") ? null : "Date must be in GMT";
                default -> null;
            };
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String expand(String compact) {
        return switch (compact) {
            case "f" -> "from";
            case "t" -> "to";
            default -> "contact";
        };
    }

    private static String headerSection(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            end = all.indexOf("\n\n");
        }
        return end < 0 ? all : all.substring(0, end);
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
