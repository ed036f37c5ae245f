package org.opensbc.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.spi.FlowListener;
import org.opensbc.sip.spi.StreamFlow;

class SipWebSocketHandlersTest {

    /** Records what the handler tells the SIP stack. */
    static final class Recorder implements FlowListener {
        final List<String> events = new ArrayList<>();
        StreamFlow flow;

        @Override public void flowOpened(StreamFlow f) { flow = f; events.add("open"); }
        @Override public void messageReceived(StreamFlow f, byte[] m) { events.add(new String(m, StandardCharsets.UTF_8)); }
        @Override public void flowClosed(StreamFlow f) { events.add("closed"); }
    }

    @Test
    void writerIdleSendsPingAndReaderIdleCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketKeepaliveHandler());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
        assertInstanceOf(PingWebSocketFrame.class, ch.readOutbound());
        assertTrue(ch.isActive());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertFalse(ch.isActive(), "a silent peer is closed");
    }

    @Test
    void framesBecomeSipMessagesOnOneFlowAndRepliesGoBackAsTextFrames() {
        Recorder recorder = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new SipWebSocketFrameHandler(recorder, "WSS"));
        ch.writeInbound(new TextWebSocketFrame("ignored before the handshake"));
        ch.pipeline().fireUserEventTriggered(new WebSocketServerProtocolHandler.HandshakeComplete(
                "/", new DefaultHttpHeaders(), "sip"));
        ch.writeInbound(new TextWebSocketFrame(Unpooled.copiedBuffer("REGISTER sip:x SIP/2.0\r\n\r\n", StandardCharsets.UTF_8)));
        recorder.flow.send("SIP/2.0 200 OK\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        TextWebSocketFrame out = ch.readOutbound();
        assertEquals("SIP/2.0 200 OK\r\n\r\n", out.text());
        out.release();
        assertEquals("WSS", recorder.flow.transport());
        ch.close();
        assertEquals(List.of("open", "REGISTER sip:x SIP/2.0\r\n\r\n", "closed"), recorder.events);
    }
}
