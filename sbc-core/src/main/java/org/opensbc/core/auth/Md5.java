package org.opensbc.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex MD5, as RFC 2617 digest computations use it. */
public final class Md5 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    });

    private Md5() {
    }

    public static String hex(String text) {
        MessageDigest md = DIGEST.get();
        md.reset();
        return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** HA1 = MD5(username ":" realm ":" password). */
    public static String ha1(String username, String realm, String password) {
        return hex(username + ":" + realm + ":" + password);
    }
}
