package org.opensbc.media.webrtc;

import java.util.Arrays;

/**
 * The SRTP master keys and salts of both directions, cut from the DTLS exporter's output
 * (RFC 5764 section 4.2: client key, server key, client salt, server salt).
 */
record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean weAreClient) {
        int k = profile.keyLength;
        int s = profile.saltLength;
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return weAreClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }
}
