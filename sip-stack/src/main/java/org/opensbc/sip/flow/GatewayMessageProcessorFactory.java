package org.opensbc.sip.flow;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import org.opensbc.sip.guard.InboundCounters;
import org.opensbc.sip.spi.FlowClosedListener;
import org.opensbc.sip.spi.FlowTransport;

/**
 * Chooses who carries each transport: WS/WSS go to the outside {@link FlowTransport}s (Netty),
 * UDP/TCP/TLS stay with JAIN-SIP's own NIO processors.
 */
public final class GatewayMessageProcessorFactory implements MessageProcessorFactory {

    private final MessageProcessorFactory builtIn = new NioMessageProcessorFactory();
    private final Map<String, FlowTransport> flowTransports;
    private final FlowClosedListener closedListener;
    private final InboundCounters counters;

    public GatewayMessageProcessorFactory(Map<String, FlowTransport> flowTransportsByName,
            FlowClosedListener closedListener, InboundCounters counters) {
        this.flowTransports = Map.copyOf(flowTransportsByName);
        this.closedListener = closedListener;
        this.counters = counters;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address,
            int port, String transport) throws IOException {
        FlowTransport flowTransport = flowTransports.get(transport.toUpperCase(Locale.ROOT));
        if (flowTransport != null) {
            return new FlowMessageProcessor(address, port, stack, flowTransport, closedListener, counters);
        }
        return builtIn.createMessageProcessor(stack, address, port, transport);
    }
}
