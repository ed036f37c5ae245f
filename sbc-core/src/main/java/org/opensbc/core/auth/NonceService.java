package org.opensbc.core.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces that need no storage to issue: time bucket + digest of the challenged request + HMAC.
 * Each request gets its own nonce (two clients challenged in one millisecond differ), while a
 * retransmission of the same request within the bucket gets the very same one, so a stateless
 * challenge answers retransmissions identically. A forged or foreign nonce is
 * recognised and an old one is "stale" (RFC 2617 section 3.2.1). Only nonces that were used get
 * state: their highest nonce-count, so a replayed nc is refused.
 */
public final class NonceService {

    /** What a nonce check says. */
    public enum Verdict { VALID, STALE, INVALID, REPLAYED }

    private static final int STAMP_BYTES = 8;
    private static final int SERIAL_BYTES = 8;
    private static final int MAC_BYTES = 16;
    private static final int NONCE_BYTES = STAMP_BYTES + SERIAL_BYTES + MAC_BYTES;

    private final Clock clock;
    private final long lifetimeMillis;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;
    /** Highest nonce-count seen per nonce, with the request that used it (a retransmission of
     *  that request may use it again); entries die with their nonce (see {@link #purgeExpired}). */
    private final Map<String, UsedCount> highestCount = new ConcurrentHashMap<>();

    private record UsedCount(long nc, int requestHash) { }
    /** Retransmissions (RFC 3261 Timer E up to 4 s) fall in one bucket, mostly. */
    private static final long BUCKET_MILLIS = 8_000;

    public NonceService(Clock clock, Duration lifetime) {
        this(clock, lifetime, randomSecret());
    }

    /**
     * @param secret the HMAC key: shared by the nodes of a cluster and kept across restarts (the
     *               state store's), so a nonce one node issued is good on another and after a restart
     */
    public NonceService(Clock clock, Duration lifetime, byte[] secret) {
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * @param requestIdentity what makes the challenged request unique and its retransmissions
     *                        equal: Call-ID, CSeq and the top Via branch
     */
    public String issue(String requestIdentity) {
        ByteBuffer buf = ByteBuffer.allocate(NONCE_BYTES);
        byte[] identity = requestIdentity.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        buf.putLong(clock.millis() / BUCKET_MILLIS * BUCKET_MILLIS);
        buf.put(sign(identity, identity.length), 0, SERIAL_BYTES);
        buf.put(sign(buf.array(), STAMP_BYTES + SERIAL_BYTES), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** {@link #check(String, String, int)} for a request that is never retransmitted. */
    public Verdict check(String nonce, String nonceCount) {
        return check(nonce, nonceCount, 0);
    }

    /**
     * Checks a nonce and, when it is ours and fresh, records the nonce-count. The same count is a
     * replay unless it comes again with the same request (a retransmission: same Call-ID, CSeq
     * and branch, which the caller hashes into {@code requestHash}).
     *
     * @param nonceCount the nc value as sent (8 hex digits), or null when the client used no qop
     */
    public Verdict check(String nonce, String nonceCount, int requestHash) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (raw.length != NONCE_BYTES) {
            return Verdict.INVALID;
        }
        byte[] expected = java.util.Arrays.copyOf(sign(raw, STAMP_BYTES + SERIAL_BYTES), MAC_BYTES);
        byte[] given = java.util.Arrays.copyOfRange(raw, STAMP_BYTES + SERIAL_BYTES, NONCE_BYTES);
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.INVALID;
        }
        long stamp = ByteBuffer.wrap(raw).getLong();
        long age = clock.millis() - stamp;
        if (age < 0 || age > lifetimeMillis) {
            return Verdict.STALE;
        }
        if (nonceCount == null) {
            return Verdict.VALID;
        }
        long nc;
        try {
            nc = Long.parseLong(nonceCount, 16);
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
        long[] accepted = {0};
        highestCount.compute(nonce, (k, previous) -> {
            if (previous == null || nc > previous.nc()) {
                accepted[0] = 1;
                return new UsedCount(nc, requestHash);
            }
            if (nc == previous.nc() && requestHash != 0 && requestHash == previous.requestHash()) {
                accepted[0] = 1; // the same request again
            }
            return previous;
        });
        return accepted[0] == 1 ? Verdict.VALID : Verdict.REPLAYED;
    }

    /** Forgets the nonce-counts of nonces past their lifetime; call periodically. */
    public void purgeExpired() {
        long now = clock.millis();
        highestCount.keySet().removeIf(nonce -> {
            byte[] raw = Base64.getUrlDecoder().decode(nonce);
            return now - ByteBuffer.wrap(raw).getLong() > lifetimeMillis;
        });
    }

    int trackedNonces() {
        return highestCount.size();
    }

    private byte[] sign(byte[] data, int length) {
        Mac m = mac.get();
        m.reset();
        m.update(data, 0, length);
        return m.doFinal();
    }
}
