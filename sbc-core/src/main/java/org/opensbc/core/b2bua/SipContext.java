package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.opensbc.core.net.AdvertisedAddresses;

/**
 * The JAIN-SIP provider and factories, and the gateway's own identity on each transport (the Via
 * and Contact it puts on requests it originates). Shared by the handlers; thread-safe.
 */
final class SipContext {

    final SipProvider provider;
    final MessageFactory messages;
    final HeaderFactory headers;
    final AddressFactory addresses;
    final Replies replies;
    /**
     * The address peers see: advertised, never an internal one (towards IPv4 peers and names), as
     * a URI or Warning writes it (an IPv6 address in brackets).
     */
    final String host;
    /** The advertised addresses per family: an IPv6 peer is given the gateway's IPv6 one. */
    private final AdvertisedAddresses advertised;
    final MediaAnchor media;
    private final TopologyHeaders topology;
    private final org.opensbc.core.registrar.LocalDomains domains;
    /** Told of each request or ACK sent on a call's dialog; set once at start (CallJournal). */
    private volatile java.util.function.Consumer<CallLeg> dialogAdvanced = leg -> { };

    SipContext(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
            Replies replies, AdvertisedAddresses advertised, MediaAnchor media,
            org.opensbc.core.registrar.LocalDomains domains) {
        this.media = media;
        this.domains = domains;
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.replies = replies;
        this.advertised = advertised;
        this.host = org.opensbc.core.net.IpLiteral.uriHost(advertised.sip());
        this.topology = new TopologyHeaders(addresses, headers, host, domains);
    }

    /** The gateway's host as a peer at {@code hop} must see it: its IPv6 address towards an IPv6 peer. */
    String hostFor(NextHop hop) {
        return advertised.sipFor(hop.host());
    }

    boolean hasTransport(String transport) {
        return provider.getListeningPoint(transport.toLowerCase(Locale.ROOT)) != null;
    }

    private ListeningPoint listeningPoint(String transport) {
        ListeningPoint lp = provider.getListeningPoint(transport.toLowerCase(Locale.ROOT));
        if (lp == null) {
            throw new IllegalStateException("no " + transport + " listener");
        }
        return lp;
    }

    /** Our Via for a request to {@code hop} (its transport, our address of its family); the stack adds the branch. */
    ViaHeader via(NextHop hop) throws ParseException, InvalidArgumentException {
        String transport = hop.transport();
        ViaHeader via = headers.createViaHeader(hostFor(hop), listeningPoint(transport).getPort(),
                transport.toLowerCase(Locale.ROOT), null);
        via.setRPort();
        return via;
    }

    /** Our Contact on a leg to {@code hop}: its transport, our address of its family. */
    ContactHeader contact(NextHop hop) throws ParseException {
        String transport = hop.transport();
        SipURI uri = addresses.createSipURI("sbc", hostFor(hop));
        uri.setPort(listeningPoint(transport).getPort());
        if (!"UDP".equalsIgnoreCase(transport)) {
            uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /**
     * The From of a request the gateway re-creates on the far side: the sender's user and
     * display name at its domain when that is one of the gateway's (alice@example.com stays
     * alice@example.com), else at the gateway's host as the peer at {@code towards} knows it;
     * nothing else of theirs.
     */
    javax.sip.address.Address originator(Request in, NextHop towards) throws ParseException {
        javax.sip.address.Address original = ((javax.sip.header.FromHeader) in.getHeader(
                javax.sip.header.FromHeader.NAME)).getAddress();
        String user = original.getURI() instanceof SipURI s ? s.getUser() : null;
        String domain = ownDomainOr(original.getURI() instanceof SipURI s ? s.getHost() : null, towards);
        javax.sip.address.Address from = addresses.createAddress(
                addresses.createSipURI(user == null ? "anonymous" : user, domain));
        if (original.getDisplayName() != null) {
            from.setDisplayName(original.getDisplayName());
        }
        return from;
    }

    /**
     * {@code domain} when it is one of the gateway's (a name, or one of its addresses in the
     * family of the peer at {@code towards}), else the gateway's host as {@code towards} knows it.
     */
    String ownDomainOr(String domain, NextHop towards) {
        if (domain == null || !domains.contains(domain)) {
            return hostFor(towards);
        }
        java.net.InetAddress literal = org.opensbc.core.net.IpLiteral.parse(domain);
        java.net.InetAddress peer = org.opensbc.core.net.IpLiteral.parse(towards.host());
        boolean otherFamily = literal != null && peer != null && literal.getClass() != peer.getClass();
        return otherFamily ? hostFor(towards) : org.opensbc.core.net.IpLiteral.uriHost(domain);
    }

    /** What of a request crosses to the other side: the allow-listed headers, and those with addresses rewritten. */
    void copyRequestHeaders(javax.sip.message.Message in, javax.sip.message.Message out) throws ParseException {
        HeaderPolicy.copyRequestHeaders(in, out);
        topology.copy(in, out);
    }

    /** What of a response crosses to the other side (see {@link #copyRequestHeaders}). */
    void copyResponseHeaders(javax.sip.message.Message in, javax.sip.message.Message out) throws ParseException {
        HeaderPolicy.copyResponseHeaders(in, out);
        topology.copy(in, out);
    }

    /**
     * The request's server transaction, created if the stack did not; null for a retransmission
     * (its transaction answers it) or when the stack has none to give (the sender retransmits).
     */
    javax.sip.ServerTransaction serverTransaction(javax.sip.RequestEvent event) {
        if (event.getServerTransaction() != null) {
            return event.getServerTransaction();
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (javax.sip.TransactionAlreadyExistsException retransmission) {
            return null;
        } catch (javax.sip.TransactionUnavailableException e) {
            org.slf4j.LoggerFactory.getLogger(SipContext.class).debug("no transaction for {}: {}",
                    event.getRequest().getMethod(), e.toString());
            return null;
        }
    }

    /** A response to a call's caller INVITE, with the call's To tag, our Contact, and the relay's Warning on failures. */
    javax.sip.message.Response towardsCaller(Call call, int status) throws ParseException, InvalidArgumentException {
        javax.sip.message.Response out = replies.create(call.caller.invite(), status, null);
        ((javax.sip.header.ToHeader) out.getHeader(javax.sip.header.ToHeader.NAME)).setTag(call.callerTag);
        if (status > 100 && status < 300) {
            out.addHeader(contact(call.caller.hop()));
        } else if (status >= 300 && call.warning() != null) {
            out.addHeader(headers.createWarningHeader(host, call.warning().warnCode, call.warning().getMessage()));
        }
        return out;
    }

    /** A fresh random Call-ID: nothing of the other leg, nothing of our addresses. */
    String newCallId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }

    String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** Sends a request outside any dialog to {@code hop}; responses reach {@code owner}. */
    ClientTransaction send(Request request, NextHop hop, Object owner) throws SipException {
        ownVia(request, hop);
        hop.applyTo(request);
        ClientTransaction ct = provider.getNewClientTransaction(request);
        ct.setApplicationData(owner);
        ct.sendRequest();
        return ct;
    }

    /**
     * Who hears of each request or ACK the gateway sends on a call's dialog: the dialog's CSeq
     * moved on, or (an ACK after a re-INVITE's 2xx) its remote target may have.
     */
    void onDialogAdvanced(java.util.function.Consumer<CallLeg> listener) {
        dialogAdvanced = listener;
    }

    /** Sends a request the dialog built; responses reach {@code owner}. */
    ClientTransaction sendInDialog(Dialog dialog, Request request, NextHop hop, Object owner) throws SipException {
        ownVia(request, hop);
        hop.applyTo(request);
        ClientTransaction ct = provider.getNewClientTransaction(request);
        ct.setApplicationData(owner);
        dialog.sendRequest(ct);
        advanced(dialog);
        return ct;
    }

    private void advanced(Dialog dialog) {
        if (dialog.getApplicationData() instanceof CallLeg leg) {
            dialogAdvanced.accept(leg);
        }
    }

    /**
     * A request a dialog built carries the listening point's sent-by (the gateway's address of
     * the default family): towards an IPv6 peer its Via names the gateway's IPv6 address instead.
     */
    private void ownVia(Request request, NextHop hop) throws SipException {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String host = hostFor(hop);
        if (via != null && !org.opensbc.core.net.IpLiteral.canonical(via.getHost()).equalsIgnoreCase(host)) {
            try {
                via.setHost(host);
            } catch (ParseException e) {
                throw new SipException("cannot set the Via host " + host, e);
            }
        }
    }

    /** BYE on a leg's dialog, fire and forget (its answer changes nothing). */
    void sendBye(CallLeg leg) {
        try {
            Request bye = leg.dialog().createRequest(Request.BYE);
            sendInDialog(leg.dialog(), bye, leg.hop(), null);
        } catch (SipException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SipContext.class).debug("BYE on call {} failed: {}", leg.call.id, e.toString());
        }
    }

    /** ACK for a 2xx on a leg we originated the INVITE on, with the body of {@code bodyFrom} if any. */
    void sendAck(CallLeg leg, long cseq, javax.sip.message.Message bodyFrom) throws SipException {
        try {
            Request ack = leg.dialog().createAck(cseq);
            if (bodyFrom != null) {
                HeaderPolicy.copyBody(bodyFrom, ack);
            }
            ownVia(ack, leg.hop());
            leg.hop().applyTo(ack);
            leg.dialog().sendAck(ack);
            advanced(leg.dialog());
        } catch (InvalidArgumentException | ParseException e) {
            throw new SipException("cannot build ACK: " + e.getMessage(), e);
        }
    }
}
