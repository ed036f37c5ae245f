package org.opensbc.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.opensbc.sip.spi.FlowListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a WebSocket connection into a SIP flow: opened when the upgrade completes, one SIP message
 * per (aggregated) text or binary frame, closed when the channel goes inactive.
 * Thread-confined to the channel's event loop.
 */
final class SipWebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(SipWebSocketFrameHandler.class);

    private final FlowListener listener;
    private final String transport;
    private NettyStreamFlow flow;

    SipWebSocketFrameHandler(FlowListener listener, String transport) {
        this.listener = listener;
        this.transport = transport;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            flow = new NettyStreamFlow(ctx.channel(), transport);
            listener.flowOpened(flow);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (flow == null) {
            return;
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            listener.messageReceived(flow, ByteBufUtil.getBytes(frame.content()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (flow != null) {
            listener.flowClosed(flow);
            flow = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing WebSocket {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
