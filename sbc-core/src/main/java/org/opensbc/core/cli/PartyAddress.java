package org.opensbc.core.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A party as an operator types or pastes it: {@code bob@host}, a SIP, SIPS or tel URI (with or
 * without angle brackets, display name, port, parameters and headers, as logs show them), or a
 * bare number. Anything else is refused with a message that says what is accepted.
 *
 * @param user   the user part, unescaped ({@code %2B} is {@code +})
 * @param domain the host part, lower case; null for a tel URI or a bare number
 */
public record PartyAddress(String user, String domain) {

    private static final Pattern NAME_ADDR = Pattern.compile("^[^<]*<([^>]*)>.*$");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#][0-9*#\\-.() ]*");
    private static final String ACCEPTED = "use user@domain, a sip:, sips: or tel: URI, or a number";

    public static PartyAddress parse(String text) {
        String value = text.trim();
        Matcher bracketed = NAME_ADDR.matcher(value);
        if (bracketed.matches()) {
            value = bracketed.group(1).trim();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tel:")) {
            String number = cut(value.substring(4), ";?");
            if (!NUMBER.matcher(number).matches()) {
                throw refused(text, "a tel: URI holds a number");
            }
            return new PartyAddress(digits(number), null);
        }
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            value = value.substring(value.indexOf(':') + 1);
        } else if (value.indexOf(':') >= 0 && value.indexOf('@') < 0 && !NUMBER.matcher(value).matches()) {
            throw refused(text, "'" + value.substring(0, value.indexOf(':')) + ":' is not a SIP scheme");
        }
        value = cut(value, ";?");
        int at = value.lastIndexOf('@');
        if (at < 0) {
            if (NUMBER.matcher(value).matches()) {
                return new PartyAddress(digits(value), null);
            }
            throw refused(text, "no user@domain in it");
        }
        String user = unescape(value.substring(0, at));
        String host = value.substring(at + 1);
        if (user.isEmpty() || user.indexOf(':') >= 0 && !user.contains("%3A")) {
            throw refused(text, user.isEmpty() ? "the user part is empty" : "'" + user + "' is not a user (a password in the URI?)");
        }
        if (host.startsWith("[")) {
            host = host.substring(0, host.indexOf(']') + 1); // IPv6 reference, its port dropped
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':')); // port
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw refused(text, "'" + host + "' is not a host");
        }
        return new PartyAddress(user, host.toLowerCase(Locale.ROOT));
    }

    private static IllegalArgumentException refused(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a SIP party (" + why + "): " + ACCEPTED);
    }

    private static String cut(String value, String stops) {
        for (int i = 0; i < value.length(); i++) {
            if (stops.indexOf(value.charAt(i)) >= 0) {
                return value.substring(0, i);
            }
        }
        return value;
    }

    /** Visual separators of a typed number go: "+1 (555) 010-0100" is +15550100100. */
    private static String digits(String number) {
        return number.replaceAll("[\\-.() ]", "");
    }

    private static String unescape(String user) {
        try {
            return URLDecoder.decode(user.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return user;
        }
    }
}
