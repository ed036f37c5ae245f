package org.opensbc.media.webrtc;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.opensbc.media.SsrcTable;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP for one DTLS association: protects what the relay sends to the peer and
 * authenticates and decrypts what it receives, in place. One crypto context per SSRC and
 * direction, created on first use; a received packet that fails authentication leaves no
 * context behind. Used from one relay loop thread.
 */
final class SrtpTransformer implements AutoCloseable {

    /** SSRCs per direction a call can carry (audio, video, RTX, and room for an SSRC change). */
    private static final int MAX_SSRCS = 16;

    private final SrtpContextFactory sending;
    private final SrtpContextFactory receiving;
    private final SsrcTable<SrtpCryptoContext> sendRtp = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> sendRtcp = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtpCryptoContext> receiveRtp = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> receiveRtcp = new SsrcTable<>(MAX_SSRCS);
    final SrtpProfile profile;

    SrtpTransformer(SrtpKeys keys) {
        profile = keys.profile();
        LoggerImpl logger = new LoggerImpl(SrtpTransformer.class.getName());
        sending = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(),
                profile.rtpPolicy(), profile.rtcpPolicy(), logger);
        receiving = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(),
                profile.rtpPolicy(), profile.rtcpPolicy(), logger);
    }

    /** Encrypts an RTP packet and appends its tag. False when no context could be made. */
    boolean protectRtp(PacketBuffer packet) {
        int ssrc = packet.readInt(8);
        SrtpCryptoContext context = sendRtp.get(ssrc);
        try {
            if (context == null) {
                context = sending.deriveContext(ssrc, 0);
                sendRtp.put(ssrc, context);
            }
            return context.transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    boolean protectRtcp(PacketBuffer packet) {
        int ssrc = packet.readInt(4);
        SrtcpCryptoContext context = sendRtcp.get(ssrc);
        try {
            if (context == null) {
                context = sending.deriveControlContext(ssrc);
                sendRtcp.put(ssrc, context);
            }
            return context.transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Authenticates and decrypts an SRTP packet; false for a forgery, a replay or garbage. */
    boolean unprotectRtp(PacketBuffer packet) {
        int ssrc = packet.readInt(8);
        SrtpCryptoContext context = receiveRtp.get(ssrc);
        try {
            if (context != null) {
                return context.reverseTransformPacket(packet, false) == SrtpErrorStatus.OK;
            }
            SrtpCryptoContext fresh = receiving.deriveContext(ssrc, 0);
            if (fresh.reverseTransformPacket(packet, false) != SrtpErrorStatus.OK) {
                return false; // dropped with the packet: a forgery leaves nothing behind
            }
            receiveRtp.put(ssrc, fresh);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    boolean unprotectRtcp(PacketBuffer packet) {
        int ssrc = packet.readInt(4);
        SrtcpCryptoContext context = receiveRtcp.get(ssrc);
        try {
            if (context != null) {
                return context.reverseTransformPacket(packet) == SrtpErrorStatus.OK;
            }
            SrtcpCryptoContext fresh = receiving.deriveControlContext(ssrc);
            if (fresh.reverseTransformPacket(packet) != SrtpErrorStatus.OK) {
                return false;
            }
            receiveRtcp.put(ssrc, fresh);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void close() {
        sending.close();
        receiving.close();
    }
}
