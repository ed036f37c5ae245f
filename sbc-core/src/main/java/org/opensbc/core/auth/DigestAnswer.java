package org.opensbc.core.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as a digest client (RFC 2617 / RFC 3261 section 22): the Authorization value that
 * answers a trunk's or provider's challenge with the account's credentials. MD5 with qop=auth
 * when the challenge offers it, else the RFC 2069 form.
 */
public final class DigestAnswer {

    private static final Pattern PARAM = Pattern.compile("([A-Za-z-]+)\\s*=\\s*(\"([^\"]*)\"|[^,\\s]+)");

    private DigestAnswer() {
    }

    /**
     * @param challenge the WWW-Authenticate or Proxy-Authenticate value ("Digest realm=...")
     * @param realm     the account's realm, or empty to take the challenge's
     * @return the value for Authorization / Proxy-Authorization, or null when the challenge is
     *         not a digest one this can answer (another algorithm, another realm)
     */
    public static String answer(String challenge, String method, String uri, String username, String password,
            String realm) {
        return answer(challenge, method, uri, username, password, realm,
                Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** As {@link #answer(String, String, String, String, String, String)}, with a chosen client nonce (tests). */
    static String answer(String challenge, String method, String uri, String username, String password, String realm,
            String cnonce) {
        if (!challenge.regionMatches(true, 0, "Digest", 0, 6)) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(challenge.substring(6));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
        }
        String theirRealm = params.getOrDefault("realm", "");
        String algorithm = params.getOrDefault("algorithm", "MD5");
        if (!algorithm.equalsIgnoreCase("MD5") || (!realm.isEmpty() && !realm.equals(theirRealm))) {
            return null;
        }
        String nonce = params.getOrDefault("nonce", "");
        String ha1 = Md5.ha1(username, theirRealm, password);
        String ha2 = Md5.hex(method + ":" + uri);
        boolean qopAuth = params.containsKey("qop")
                && java.util.Arrays.stream(params.get("qop").split(",")).map(String::trim).anyMatch("auth"::equals);
        StringBuilder out = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"")
                .append(theirRealm).append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri)
                .append("\", algorithm=MD5");
        if (qopAuth) {
            String nc = "00000001";
            String response = Md5.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            out.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(response).append('"');
        } else {
            out.append(", response=\"").append(Md5.hex(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (params.containsKey("opaque")) {
            out.append(", opaque=\"").append(params.get("opaque")).append('"');
        }
        return out.toString();
    }
}
