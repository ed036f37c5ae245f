package org.opensbc.sip.flow;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.pipeline.DecisionLog;
import org.opensbc.sip.pipeline.ErrorReplies;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;
import org.opensbc.sip.spi.StreamFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's view of one {@link StreamFlow}: inbound messages are parsed here and handed to the
 * stack's transaction layer (inherited {@code processMessage}); whatever the stack sends on this
 * channel (responses, in-dialog requests) goes back on the same flow.
 */
final class FlowMessageChannel extends ConnectionOrientedMessageChannel {

    private static final Logger LOG = LoggerFactory.getLogger(FlowMessageChannel.class);

    private final StreamFlow flow;
    private final FlowMessageProcessor processor;
    private final MessageParser parser;
    private final InboundCounters counters;

    FlowMessageChannel(FlowMessageProcessor processor, StreamFlow flow, InboundCounters counters) {
        super(processor.getSIPStack());
        this.processor = processor;
        this.flow = flow;
        this.counters = counters;
        this.messageProcessor = processor;
        InetSocketAddress remote = flow.remoteAddress();
        this.peerAddress = remote.getAddress();
        this.peerPort = remote.getPort();
        this.peerProtocol = flow.transport();
        this.myAddress = processor.getIpAddress().getHostAddress();
        this.myPort = processor.getPort();
        this.key = MessageChannel.getKey(peerAddress, peerPort, flow.transport());
        this.parser = sipStack.getMessageParserFactory().createMessageParser(sipStack);
    }

    StreamFlow flow() {
        return flow;
    }

    /** One whole SIP message from the flow; runs on the transport's I/O thread. */
    void receive(byte[] bytes) {
        if (isKeepalive(bytes)) {
            if (bytes.length >= 4) {
                flow.send(new byte[] {'\r', '\n'}); // RFC 5626 section 3.5.1 pong
            }
            return;
        }
        int max = sipStack.getMaxMessageSize();
        if (max > 0 && bytes.length > max) {
            rejectOversized(bytes);
            return;
        }
        SIPMessage message;
        try {
            message = parser.parseSIPMessage(bytes, true, false, this);
        } catch (ParseException e) {
            replyBadRequest(bytes, e);
            return;
        }
        if (message == null) {
            return;
        }
        try {
            processMessage(message);
        } catch (Exception e) {
            // The stack already answered what it could (413/505/400); the flow stays up.
            LOG.debug("message from {} not processed: {}", key, e.getMessage());
        }
    }

    private static boolean isKeepalive(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private void rejectOversized(byte[] bytes) {
        counters.oversized();
        try {
            SIPMessage head = parser.parseSIPMessage(bytes, false, false, this);
            if (head instanceof SIPRequest request && !"ACK".equals(request.getMethod())) {
                StageResult.Reply tooLarge = ErrorReplies.tooLarge(request.getMethod());
                DecisionLog.record(counters, Stage.SIZE_GRAMMAR, tooLarge, request.getMethod(), key);
                sendMessage(ErrorReplies.build(request, tooLarge, getHost()).encodeAsBytes(getTransport()), false);
            }
        } catch (ParseException | IOException | RuntimeException e) {
            LOG.debug("oversized message from {} dropped: {}", key, e.getMessage());
        }
    }

    private void replyBadRequest(byte[] bytes, ParseException e) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String reply = text.startsWith("SIP/") ? null : createBadReqRes(text, e);
        if (reply == null) {
            return; // responses and unparseable junk are dropped (the parser counted them)
        }
        try {
            sendMessage(reply.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException io) {
            LOG.debug("could not send 400 to {}: {}", key, io.getMessage());
        }
    }

    /**
     * A bad header that the message cannot do without fails the message; any other bad header is
     * dropped and the message goes on, the lenient reading RFC 3261 section 16.3 asks of proxies.
     */
    @Override
    public void handleException(ParseException ex, SIPMessage message, Class headerClass,
            String header, String raw) throws ParseException {
        if (headerClass != null && (headerClass.equals(From.class) || headerClass.equals(To.class)
                || headerClass.equals(CSeq.class) || headerClass.equals(Via.class)
                || headerClass.equals(ViaList.class) || headerClass.equals(CallID.class)
                || headerClass.equals(RequestLine.class) || headerClass.equals(StatusLine.class))) {
            throw ex;
        }
        message.addUnparsed(header);
    }

    @Override
    protected void sendMessage(byte[] message, boolean retry) throws IOException {
        if (!flow.isOpen()) {
            throw new IOException("flow " + key + " is closed");
        }
        flow.send(message);
    }

    @Override
    protected void sendMessage(byte[] message, InetAddress address, int port, boolean retry)
            throws IOException {
        sendMessage(message, retry);
    }

    @Override
    protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
        isRunning = false;
        flow.close();
    }

    @Override
    public String getTransport() {
        return processor.getTransport();
    }

    @Override
    public boolean isSecure() {
        return processor.isSecure();
    }

    @Override
    public void sendSingleCLRF() {
        flow.send(new byte[] {'\r', '\n'});
    }
}
