package org.opensbc.media.webrtc;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The DTLS-SRTP protection profiles the relay negotiates (RFC 5764 section 4.1.2), best first.
 * AES-CM with an 80-bit HMAC-SHA1 tag is the one every WebRTC browser supports.
 */
enum SrtpProfile {
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10);

    final int id;
    final int keyLength;
    final int saltLength;
    final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The first of ours that the peer offers, or null. */
    static SrtpProfile choose(int[] offered) {
        for (SrtpProfile profile : values()) {
            for (int id : offered) {
                if (id == profile.id) {
                    return profile;
                }
            }
        }
        return null;
    }

    static SrtpProfile byId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return profile;
            }
        }
        return null;
    }

    static int[] ids() {
        SrtpProfile[] all = values();
        int[] ids = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            ids[i] = all[i].id;
        }
        return ids;
    }

    /** Keying material the DTLS exporter must produce: both keys and both salts. */
    int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    SrtpPolicy rtpPolicy() {
        return relayPolicy(new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION,
                20, tagLength, saltLength));
    }

    /** SRTCP always carries the 80-bit tag with the AES-CM profiles (RFC 5764 section 4.1.2). */
    SrtpPolicy rtcpPolicy() {
        return relayPolicy(new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION,
                20, 10, saltLength));
    }

    /**
     * The relay encrypts what a phone sends, and a phone may repeat or reset sequence numbers
     * (a new device behind the same SSRC after a transfer): refusing to protect those would drop
     * its audio. Replay protection stays on for what the relay receives.
     */
    private static SrtpPolicy relayPolicy(SrtpPolicy policy) {
        policy.setSendReplayEnabled(false);
        return policy;
    }
}
