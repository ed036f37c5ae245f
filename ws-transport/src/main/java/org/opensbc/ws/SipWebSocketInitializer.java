package org.opensbc.ws;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.opensbc.sip.spi.FlowListener;

/** The whole SIP-over-WebSocket pipeline (RFC 7118), top to bottom, in one place. */
final class SipWebSocketInitializer extends ChannelInitializer<SocketChannel> {

    /** RFC 7118 section 4: the WebSocket subprotocol for SIP. */
    static final String SUBPROTOCOL = "sip";
    private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;

    private final WebSocketSettings settings;
    private final SslContext sslContext;
    private final FlowListener listener;

    SipWebSocketInitializer(WebSocketSettings settings, SslContext sslContext, FlowListener listener) {
        this.settings = settings;
        this.sslContext = sslContext;
        this.listener = listener;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext != null) {
            p.addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        p.addLast("http", new HttpServerCodec());
        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
        p.addLast("idle", new IdleStateHandler(settings.idleTimeout().toMillis(),
                settings.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
        p.addLast("keepalive", new WebSocketKeepaliveHandler());
        p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .subprotocols(SUBPROTOCOL)
                .maxFramePayloadLength(settings.maxFrameBytes())
                .handleCloseFrames(true)
                .build()));
        p.addLast("frame-aggregator", new WebSocketFrameAggregator(settings.maxFrameBytes()));
        p.addLast("sip", new SipWebSocketFrameHandler(listener, settings.transport()));
    }
}
