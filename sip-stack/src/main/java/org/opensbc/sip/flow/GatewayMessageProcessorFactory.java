package org.opensbc.sip.flow;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import org.opensbc.sip.admission.DropSummary;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.admission.SourceFilter;
import org.opensbc.sip.spi.FlowClosedListener;
import org.opensbc.sip.spi.FlowTransport;
import org.opensbc.sip.tcp.TcpMessageProcessor;
import org.opensbc.sip.tls.TlsMessageProcessor;
import org.opensbc.sip.tls.TlsPeers;
import org.opensbc.sip.udp.UdpProcessors;

/**
 * Chooses who carries each transport: WS/WSS go to the outside {@link FlowTransport}s (Netty),
 * UDP to JAIN-SIP's listener with a bounded receive loop, TCP and TLS to JAIN-SIP's NIO processors
 * with their outgoing connections fixed (TLS servers' certificates checked by {@link TlsPeers}).
 */
public final class GatewayMessageProcessorFactory implements MessageProcessorFactory {

    private final MessageProcessorFactory builtIn = new NioMessageProcessorFactory();
    private final Map<String, FlowTransport> flowTransports;
    private final FlowClosedListener closedListener;
    private final InboundCounters counters;
    private final SourceFilter sources;
    private final DropSummary drops;
    private final int udpWorkers;
    /** Null when the gateway has no TLS listener. */
    private final TlsPeers tlsPeers;

    public GatewayMessageProcessorFactory(Map<String, FlowTransport> flowTransportsByName,
            FlowClosedListener closedListener, InboundCounters counters, SourceFilter sources, DropSummary drops,
            int udpWorkers, TlsPeers tlsPeers) {
        this.flowTransports = Map.copyOf(flowTransportsByName);
        this.closedListener = closedListener;
        this.counters = counters;
        this.sources = sources;
        this.drops = drops;
        this.udpWorkers = udpWorkers;
        this.tlsPeers = tlsPeers;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address,
            int port, String transport) throws IOException {
        FlowTransport flowTransport = flowTransports.get(transport.toUpperCase(Locale.ROOT));
        if (flowTransport != null) {
            return new FlowMessageProcessor(address, port, stack, flowTransport, closedListener, counters);
        }
        if ("UDP".equalsIgnoreCase(transport)) {
            // About 2 s of work at 10,000 datagrams/s; beyond that the senders' retransmissions
            // are better dropped at the door than parsed late.
            return UdpProcessors.bounded(address, stack, port, counters, sources, drops, udpWorkers, 20_000);
        }
        if ("TCP".equalsIgnoreCase(transport)) {
            return new TcpMessageProcessor(address, stack, port);
        }
        if ("TLS".equalsIgnoreCase(transport) && tlsPeers != null) {
            return new TlsMessageProcessor(address, stack, port, tlsPeers);
        }
        return builtIn.createMessageProcessor(stack, address, port, transport);
    }
}
