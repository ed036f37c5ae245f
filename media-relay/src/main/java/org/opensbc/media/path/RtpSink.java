package org.opensbc.media.path;

import java.nio.ByteBuffer;

/**
 * Where the relay hands a line's plain RTP and RTCP on its way to one side: that side's endpoint,
 * or a transcoder in front of it. Called on the session's relay loop; the packet (position to
 * limit) is valid only during the call.
 *
 * @see MediaEndpoint
 */
public interface RtpSink {

    /** @return true when the packet went on (sent, or taken by a stage that will send what it makes) */
    boolean sendRtp(ByteBuffer packet);

    boolean sendRtcp(ByteBuffer packet);
}
