package org.opensbc.sip.flow;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageProcessor;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.spi.FlowClosedListener;
import org.opensbc.sip.spi.FlowKey;
import org.opensbc.sip.spi.FlowListener;
import org.opensbc.sip.spi.FlowTransport;
import org.opensbc.sip.spi.StreamFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one adapter between JAIN-SIP and an outside stream transport (Netty WebSocket). JAIN-SIP
 * creates it for a listening point of transport WS or WSS; each open flow becomes a
 * {@link FlowMessageChannel}. The stack can only send to a peer that has a flow open: the gateway
 * never dials out over WebSocket.
 */
final class FlowMessageProcessor extends ConnectionOrientedMessageProcessor implements FlowListener {

    private static final Logger LOG = LoggerFactory.getLogger(FlowMessageProcessor.class);

    private final FlowTransport transport;
    private final FlowClosedListener closedListener;
    private final InboundCounters counters;
    /** Open flows by "ip:port" of the peer; written from transport I/O threads. */
    private final Map<String, FlowMessageChannel> channels = new ConcurrentHashMap<>();

    FlowMessageProcessor(InetAddress address, int port, SIPTransactionStack stack,
            FlowTransport transport, FlowClosedListener closedListener, InboundCounters counters) {
        super(address, port, transport.transport(), stack);
        this.transport = transport;
        this.closedListener = closedListener;
        this.counters = counters;
    }

    @Override
    public void start() throws IOException {
        isRunning = true;
        transport.start(this);
    }

    @Override
    public void stop() {
        isRunning = false;
        transport.stop();
        channels.values().forEach(c -> c.flow().close());
        channels.clear();
    }

    @Override
    public void flowOpened(StreamFlow flow) {
        channels.put(addressKey(flow.remoteAddress()), new FlowMessageChannel(this, flow, counters));
    }

    @Override
    public void messageReceived(StreamFlow flow, byte[] message) {
        FlowMessageChannel channel = channels.get(addressKey(flow.remoteAddress()));
        if (channel != null) {
            channel.receive(message);
        }
    }

    @Override
    public void flowClosed(StreamFlow flow) {
        if (channels.remove(addressKey(flow.remoteAddress())) != null) {
            try {
                closedListener.flowClosed(FlowKey.of(flow.transport(), flow.remoteAddress()));
            } catch (RuntimeException e) {
                LOG.warn("flow-closed listener failed for {}", flow.remoteAddress(), e);
            }
        }
    }

    @Override
    public MessageChannel createMessageChannel(HostPort target) throws IOException {
        return createMessageChannel(target.getInetAddress(), target.getPort());
    }

    @Override
    public MessageChannel createMessageChannel(InetAddress host, int port) throws IOException {
        FlowMessageChannel channel = channels.get(host.getHostAddress() + ":" + port);
        if (channel == null || !channel.flow().isOpen()) {
            throw new IOException("no open " + getTransport() + " flow to " + host.getHostAddress() + ":" + port);
        }
        return channel;
    }

    private static String addressKey(InetSocketAddress remote) {
        return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    @Override
    public int getDefaultTargetPort() {
        return isSecure() ? 443 : 80;
    }

    @Override
    public boolean isSecure() {
        return "WSS".equalsIgnoreCase(getTransport());
    }

    @Override
    public boolean inUse() {
        return !channels.isEmpty();
    }
}
