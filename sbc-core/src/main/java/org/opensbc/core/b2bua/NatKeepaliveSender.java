package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.sip.NextHopRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps NAT pinholes of UDP contacts open: an OPTIONS to each NATed binding's alias address, sent
 * statelessly (a lost answer costs nothing; the next round tries again).
 */
final class NatKeepaliveSender {

    private static final Logger LOG = LoggerFactory.getLogger(NatKeepaliveSender.class);

    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final LocationService location;
    private final GatewayMetrics metrics;
    /** The gateway's host as the binding's family sees it (its IPv6 address towards an IPv6 phone). */
    private final java.util.function.UnaryOperator<String> localHost;
    private final int localPort;

    NatKeepaliveSender(SipProvider provider, AddressFactory addresses, HeaderFactory headers, MessageFactory messages,
            LocationService location, GatewayMetrics metrics, java.util.function.UnaryOperator<String> localHost,
            int localPort) {
        this.provider = provider;
        this.addresses = addresses;
        this.headers = headers;
        this.messages = messages;
        this.location = location;
        this.metrics = metrics;
        this.localHost = localHost;
        this.localPort = localPort;
    }

    void sendRound() {
        location.forEach((aor, binding) -> {
            if (binding.natted()) {
                send(aor, binding);
            }
        });
    }

    private void send(String aor, Binding binding) {
        NextHop hop;
        try {
            hop = NextHop.parse(binding.route());
        } catch (IllegalArgumentException e) {
            LOG.debug("keepalive to {}: not a route", binding.route());
            return;
        }
        String host = hop.host();
        String port = Integer.toString(hop.port());
        String local = localHost.apply(host);
        try {
            URI target = addresses.createURI(binding.contactUri());
            Address from = addresses.createAddress("sip:keepalive@" + org.opensbc.core.net.IpLiteral.uriHost(local));
            Address to = addresses.createAddress("sip:" + aor);
            ViaHeader via = headers.createViaHeader(local, localPort, "udp",
                    "z9hG4bK" + java.util.UUID.randomUUID().toString().replace("-", ""));
            via.setRPort();
            Request options = messages.createRequest(target, Request.OPTIONS,
                    provider.getNewCallId(), headers.createCSeqHeader(1L, Request.OPTIONS),
                    headers.createFromHeader(from, Long.toHexString(System.nanoTime())),
                    headers.createToHeader(to, null), List.of(via), headers.createMaxForwardsHeader(70));
            NextHopRouter.forceNextHop(options, host, Integer.parseInt(port), "udp");
            provider.sendRequest(options);
            metrics.keepaliveSent();
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            LOG.debug("keepalive to {} failed: {}", binding.route(), e.toString());
        }
    }
}
