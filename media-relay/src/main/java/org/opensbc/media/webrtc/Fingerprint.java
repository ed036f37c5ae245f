package org.opensbc.media.webrtc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122): {@code sha-256 AB:CD:...}. The peer's
 * DTLS certificate must hash to the fingerprint of its SDP, which is what authenticates it.
 */
public record Fingerprint(String algorithm, String hex) {

    public Fingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        hex = hex.toUpperCase(Locale.ROOT);
    }

    /** Parses an a=fingerprint value; null when it is not "hash-function fingerprint". */
    public static Fingerprint parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.trim().split("\\s+");
        if (parts.length != 2 || !parts[1].matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+")) {
            return null;
        }
        return new Fingerprint(parts[0], parts[1]);
    }

    static Fingerprint sha256(byte[] der) {
        return of("sha-256", der);
    }

    /** The fingerprint of {@code der} with this fingerprint's hash function. */
    boolean matches(byte[] der) {
        return equals(of(algorithm, der));
    }

    private static Fingerprint of(String algorithm, byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance(javaName(algorithm)).digest(der);
            return new Fingerprint(algorithm, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            return new Fingerprint(algorithm, "00"); // a hash we do not know matches nothing
        }
    }

    private static String javaName(String algorithm) {
        return switch (algorithm) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> algorithm;
        };
    }

    /** The a=fingerprint value. */
    @Override
    public String toString() {
        return algorithm + " " + hex;
    }
}
