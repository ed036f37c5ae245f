package org.opensbc.core.trunk;

/**
 * What a registrar granted: a lifetime, and the moment it lapses. The registration is refreshed
 * at half the lifetime; a lease kept across a restart is taken over only while a margin is left.
 *
 * @param grantedSeconds  the lifetime the 2xx granted
 * @param expiresAtMillis epoch millis when the registrar forgets the binding unless refreshed
 */
public record RegistrationLease(int grantedSeconds, long expiresAtMillis) {

    /** The least margin a restored lease needs before it lapses (one lost refresh round trip and more). */
    static final long MIN_RESTORE_MARGIN_MILLIS = 30_000;

    static RegistrationLease granted(int seconds, long nowMillis) {
        return new RegistrationLease(seconds, nowMillis + seconds * 1000L);
    }

    /** When the refresh is due: half the lifetime before it lapses. */
    public long refreshAtMillis() {
        return expiresAtMillis - grantedSeconds * 500L;
    }

    /**
     * Whether a restarted gateway may go on with this lease at {@code nowMillis} instead of
     * registering at once: more than 10% of its lifetime (at least 30 s, at most half) is left.
     */
    boolean restorableAt(long nowMillis) {
        long margin = Math.min(grantedSeconds * 500L, Math.max(MIN_RESTORE_MARGIN_MILLIS, grantedSeconds * 100L));
        return nowMillis < expiresAtMillis - margin;
    }
}
