package org.opensbc.media.sdp;

import java.util.Arrays;
import java.util.List;

/**
 * Reads an SDP body (RFC 8866) leniently where peers differ (bare LF line ends, unknown line
 * types, a missing s= or t=) and strictly where the relay depends on it: v=0 first, a readable
 * m= line, a valid port. Errors name the line.
 */
public final class SdpParser {

    /** Bodies above this size are refused: no legitimate offer comes close. */
    public static final int MAX_LENGTH = 64 * 1024;

    private SdpParser() {
    }

    public static SessionDescription parse(String body) throws SdpException {
        if (body == null || body.isBlank()) {
            throw new SdpException(0, "empty body");
        }
        if (body.length() > MAX_LENGTH) {
            throw new SdpException(0, "body of " + body.length() + " characters is too large");
        }
        String[] text = body.split("\r?\n");
        SessionDescription session = new SessionDescription();
        SdpSection current = session;
        int number = 0;
        for (String raw : text) {
            number++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLetter(line.charAt(0))) {
                throw new SdpException(number, "not a type=value line: " + abbreviate(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (number == 1 && !(type == 'v' && value.trim().equals("0"))) {
                throw new SdpException(number, "an SDP body starts with v=0");
            }
            if (type == 'm') {
                MediaDescription m = media(number, value);
                session.media().add(m);
                current = m;
            } else {
                current.append(new SdpLine(type, value));
            }
        }
        if (session.value('o').isEmpty()) {
            throw new SdpException(0, "no o= line");
        }
        return session;
    }

    private static MediaDescription media(int number, String value) throws SdpException {
        String[] parts = value.trim().split("\\s+");
        if (parts.length < 3) {
            throw new SdpException(number, "m= needs media, port and proto: " + abbreviate(value));
        }
        String portField = parts[1];
        int slash = portField.indexOf('/');
        int port;
        int count = 0;
        try {
            port = Integer.parseInt(slash < 0 ? portField : portField.substring(0, slash));
            if (slash >= 0) {
                count = Integer.parseInt(portField.substring(slash + 1));
            }
        } catch (NumberFormatException e) {
            throw new SdpException(number, "bad port " + abbreviate(portField));
        }
        if (port < 0 || port > 65535 || count < 0) {
            throw new SdpException(number, "port out of range: " + abbreviate(portField));
        }
        List<String> formats = Arrays.asList(parts).subList(3, parts.length);
        return new MediaDescription(parts[0], port, count, parts[2], formats);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
