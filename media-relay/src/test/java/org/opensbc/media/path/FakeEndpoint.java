package org.opensbc.media.path;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.opensbc.media.relay.EndpointCounters;

/** An endpoint without a socket: what the path hands it to send is kept, after its outgoing rewrite. */
final class FakeEndpoint implements MediaEndpoint {

    final List<byte[]> sentRtp = new ArrayList<>();
    final List<byte[]> sentRtcp = new ArrayList<>();
    private final EndpointCounters counters = new EndpointCounters();
    private final OutgoingRtp outgoing = new OutgoingRtp(() -> 0L);
    private RtpSink peer;

    /** As if the socket received {@code packet} from this side: it goes down the wired path. */
    boolean receive(byte[] packet) {
        return peer.sendRtp(ByteBuffer.wrap(packet));
    }

    RtpSink peer() {
        return peer;
    }

    @Override
    public EndpointCounters counters() {
        return counters;
    }

    @Override
    public int port() {
        return 0;
    }

    @Override
    public void pairWith(RtpSink next) {
        peer = next;
    }

    @Override
    public OutgoingRtp outgoing() {
        return outgoing;
    }

    @Override
    public boolean sendRtp(ByteBuffer packet) {
        outgoing.rtp(packet);
        sentRtp.add(copy(packet));
        return true;
    }

    @Override
    public boolean sendRtcp(ByteBuffer packet) {
        outgoing.rtcp(packet);
        sentRtcp.add(copy(packet));
        return true;
    }

    @Override
    public boolean sendOwnRtp(ByteBuffer packet) {
        outgoing.inject(packet);
        sentRtp.add(copy(packet));
        return true;
    }

    private static byte[] copy(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public InetSocketAddress latchedAddress() {
        return null;
    }

    @Override
    public void close() {
        // nothing to free
    }
}
