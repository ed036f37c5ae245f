package org.opensbc.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetSocketAddress;
import org.opensbc.sip.spi.StreamFlow;

/** A WebSocket connection as the SIP stack sees it. SIP messages go out as text frames (RFC 7118). */
final class NettyStreamFlow implements StreamFlow {

    private final Channel channel;
    private final String transport;

    NettyStreamFlow(Channel channel, String transport) {
        this.channel = channel;
        this.transport = transport;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void send(byte[] message) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(message)));
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }
}
