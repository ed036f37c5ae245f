package org.opensbc.sip;

import gov.nist.javax.sip.SipStackImpl;
import java.util.Map;
import java.util.Properties;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipStack;
import org.opensbc.sip.flow.GatewayMessageProcessorFactory;
import org.opensbc.sip.admission.CountingMessageParserFactory;
import org.opensbc.sip.admission.DropSummary;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.admission.AccessStage;
import org.opensbc.sip.admission.AdmissionValve;
import org.opensbc.sip.admission.SourceFilter;
import org.opensbc.sip.admission.StrayResponseValve;
import org.opensbc.sip.logging.Slf4jServerLogger;
import org.opensbc.sip.logging.Slf4jStackLogger;
import org.opensbc.sip.spi.FlowClosedListener;
import org.opensbc.sip.spi.FlowTransport;
import org.opensbc.sip.timer.WheelSipTimer;
import org.opensbc.sip.tls.PemSecurityManagerProvider;

/** Builds a configured JAIN-SIP stack: the only place that knows gov.nist property names. */
public final class SipStackFactory {

    /** JAIN-SIP's SipFactory hands back an existing stack of the same name, stopped or not. */
    private static final java.util.concurrent.atomic.AtomicInteger STACKS = new java.util.concurrent.atomic.AtomicInteger();

    private SipStackFactory() {
    }

    /**
     * @param flowTransports  outside transports by name ("WSS", "WS") that JAIN-SIP should use
     *                        when a listening point of that transport is created
     */
    public static SipStack create(SipStackSettings settings, Map<String, FlowTransport> flowTransports,
            FlowClosedListener flowClosed, InboundCounters counters, AccessStage access)
            throws PeerUnavailableException {
        return create(settings, flowTransports, flowClosed, counters, access, SourceFilter.OPEN, new DropSummary());
    }

    /**
     * @param access  the access stage, asked about every parsed request before any transaction exists
     * @param sources the access stage's fast path: looks at every UDP datagram's source before it is read
     * @param drops   sums up dropped messages for the log; its owner calls {@link DropSummary#flush()}
     */
    public static SipStack create(SipStackSettings settings, Map<String, FlowTransport> flowTransports,
            FlowClosedListener flowClosed, InboundCounters counters, AccessStage access, SourceFilter sources,
            DropSummary drops) throws PeerUnavailableException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties properties = properties(settings);
        String name = properties.getProperty("javax.sip.STACK_NAME");
        SipStackImpl stack;
        if (settings.tlsKeys() != null) {
            PemSecurityManagerProvider.offer(name, settings.tlsKeys(), settings.tlsPeers());
        }
        try {
            stack = (SipStackImpl) factory.createSipStack(properties);
        } finally {
            PemSecurityManagerProvider.withdraw(name);
        }
        stack.setMessageParserFactory(new CountingMessageParserFactory(counters, settings.maxMessageSize()));
        stack.setMessageProcessorFactory(new GatewayMessageProcessorFactory(flowTransports, flowClosed, counters,
                sources, drops, settings.threadPoolSize(), settings.tlsPeers()));
        stack.sipMessageValves.add(new AdmissionValve(access, counters, drops));
        stack.sipMessageValves.add(new StrayResponseValve(stack, counters));
        return stack;
    }

    static Properties properties(SipStackSettings settings) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", settings.name() + "-" + STACKS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("javax.sip.ROUTER_PATH", NextHopRouter.class.getName());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // JAIN-SIP's own limit closes a TCP connection without a word: keep it well above ours so
        // that the parser can mark oversized messages for a 513 (the UDP reader is our own).
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(4 * settings.maxMessageSize()));
        // Requests that waited this long in the receive queue are dropped unprocessed: under
        // overload the client has retransmitted them already (RFC 3261 Timer E, 500 ms).
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "2000");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // The default timer is a java.util.Timer: cancelled transaction timers stay in its heap
        // until they would have fired, and its heap upkeep was the top CPU item under call load
        // (the stack's executor-based one still keeps one locked heap: see WheelSipTimer).
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", WheelSipTimer.class.getName());
        // Finished transactions and confirmed dialogs drop their parsed messages: with thousands
        // of calls a second, lingering transactions (Timer J/K) otherwise hold gigabytes. "Normal"
        // also re-encodes each one's request and last response to bytes at cleanup, in case the
        // application asks for them again; the gateway never does (it keeps its own references),
        // and without those encodings its CPU per call fell by 40% (A/B at 800 calls/s).
        // Retransmitted requests are still answered: the stack keeps the bytes of the last
        // response it sent either way (ResponseRetransmissionIT).
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Aggressive");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(settings.threadPoolSize()));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(settings.maxServerTransactions()));
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "false");
        p.setProperty("gov.nist.javax.sip.NIO_BLOCKING_MODE", "NONBLOCKING");
        // Answer to the packet source port even without ;rport (NAT; what Kamailio calls force_rport).
        p.setProperty("gov.nist.javax.sip.ALWAYS_ADD_RPORT", "true");
        p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", PemSecurityManagerProvider.class.getName());
        // Servers are checked in the handshake (TlsPeers); naming the no-op policy only stops the
        // stack's start-up warning that suggested otherwise.
        p.setProperty("gov.nist.javax.sip.TLS_SECURITY_POLICY", "gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy");
        if (settings.tlsKeys() != null) {
            p.setProperty(PemSecurityManagerProvider.MATERIAL, p.getProperty("javax.sip.STACK_NAME"));
            // phones are not asked for certificates; the servers we connect to are checked (TlsPeers)
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2,TLSv1.3");
            // JAIN-SIP's default list is RSA-only CBC suites: useless with an EC key, weak anyway.
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",",
                    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
        }
        return p;
    }
}
