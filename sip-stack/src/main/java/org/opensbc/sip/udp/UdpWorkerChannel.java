package org.opensbc.sip.udp;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

/** One of JAIN-SIP's UDP worker threads (it starts itself), made reachable from this package. */
final class UdpWorkerChannel extends UDPMessageChannel {

    UdpWorkerChannel(SIPTransactionStack stack, UDPMessageProcessor processor, String threadName) {
        super(stack, processor, threadName);
    }
}
