package org.opensbc.ws;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps NAT bindings open and finds dead peers: when nothing was written for the ping interval a
 * ping goes out; when nothing (not even a pong) came in for the idle timeout the flow is closed,
 * which in turn removes the registrations bound to it.
 */
final class WebSocketKeepaliveHandler extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketKeepaliveHandler.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                LOG.debug("WebSocket {} silent past the idle timeout: closing", ctx.channel().remoteAddress());
                ctx.close();
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
