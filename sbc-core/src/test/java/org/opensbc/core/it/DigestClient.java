package org.opensbc.core.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opensbc.core.auth.Md5;

/** Answers a digest challenge the way a phone does (MD5, qop=auth), for raw-socket tests. */
final class DigestClient {

    private DigestClient() {
    }

    static String nonce(String challengeResponse) {
        Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challengeResponse);
        if (!m.find()) {
            throw new AssertionError("no nonce in: " + challengeResponse);
        }
        return m.group(1);
    }

    static String authorization(String user, String password, String nonce, String uri, int nc) {
        return authorization("REGISTER", user, password, nonce, uri, nc);
    }

    /** The credentials for {@code method} (a Proxy-Authorization value for INVITE or MESSAGE). */
    static String authorization(String method, String user, String password, String nonce, String uri, int nc) {
        String ha1 = Md5.ha1(user, "sbc", password);
        String ha2 = Md5.hex(method + ":" + uri);
        String ncHex = String.format("%08x", nc);
        String cnonce = "c0ffee" + nc;
        String response = Md5.hex(ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\",realm=\"sbc\",nonce=\"" + nonce + "\",uri=\"" + uri
                + "\",response=\"" + response + "\",algorithm=MD5,qop=auth,nc=" + ncHex + ",cnonce=\"" + cnonce + "\"";
    }

    static String status(String response) {
        return response == null ? null : response.substring(0, response.indexOf("\r\n"));
    }
}
