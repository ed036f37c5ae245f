package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.ListIterator;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.Header;
import javax.sip.message.Message;
import org.opensbc.core.registrar.LocalDomains;

/**
 * The headers that carry one side's addresses and dialogs in their values, rewritten or left
 * behind so that nothing of one side's topology reaches the other: Refer-To and Referred-By of a
 * transfer, Alert-Info and Call-Info. Each is either made the gateway's own or not copied.
 */
final class TopologyHeaders {

    /** An IP literal anywhere in a URI: somebody's address. */
    private static final Pattern IP_LITERAL = Pattern.compile(
            "(?<![0-9A-Za-z.])\\d{1,3}(\\.\\d{1,3}){3}(?![0-9A-Za-z])|\\[[0-9A-Fa-f:.]+\\]");

    private final javax.sip.address.AddressFactory addresses;
    private final javax.sip.header.HeaderFactory headers;
    /** The gateway's host, as Via and Contact name it. */
    private final String host;
    private final LocalDomains domains;

    TopologyHeaders(javax.sip.address.AddressFactory addresses, javax.sip.header.HeaderFactory headers, String host,
            LocalDomains domains) {
        this.addresses = addresses;
        this.headers = headers;
        this.host = host;
        this.domains = domains;
    }

    /** Copies Refer-To, Referred-By, Alert-Info and Call-Info from {@code in} as the other side may see them. */
    void copy(Message in, Message out) throws ParseException {
        Header referTo = in.getHeader("Refer-To");
        if (referTo != null) {
            out.setHeader(headers.createHeader("Refer-To", referTo(valueOf(referTo))));
        }
        Header referredBy = in.getHeader("Referred-By");
        if (referredBy != null) {
            String by = referredBy(valueOf(referredBy));
            if (by != null) {
                out.setHeader(headers.createHeader("Referred-By", by));
            }
        }
        copyInfoUris(in, out, "Alert-Info");
        copyInfoUris(in, out, "Call-Info");
    }

    /**
     * The transfer target as the transferee must see it: the same user at the same domain when
     * that domain is the gateway's, else at the gateway (which routes the user by its rules);
     * only the {@code user} and {@code method} parameters stay, embedded headers go (a Replaces
     * names a dialog of the transferor's side).
     */
    String referTo(String value) throws ParseException {
        Address target = addresses.createAddress(value.trim());
        URI uri = target.getURI();
        if (!(uri instanceof SipURI sipUri)) {
            return "<" + uri + ">"; // tel: and the like carry no address of ours or theirs
        }
        boolean ours = domains.contains(sipUri.getHost());
        SipURI clean = addresses.createSipURI(sipUri.getUser(), ours ? sipUri.getHost() : host);
        if (ours && sipUri.getPort() > 0) {
            clean.setPort(sipUri.getPort());
        }
        for (String keep : new String[] {"user", "method"}) {
            if (sipUri.getParameter(keep) != null) {
                clean.setParameter(keep, sipUri.getParameter(keep));
            }
        }
        Address out = addresses.createAddress(clean);
        if (target.getDisplayName() != null) {
            out.setDisplayName(target.getDisplayName());
        }
        return out.toString();
    }

    /** Who transfers: its user and display name at the gateway, as a From of the gateway's would say. */
    String referredBy(String value) throws ParseException {
        Address by = addresses.createAddress(value.trim());
        String user = by.getURI() instanceof SipURI s ? s.getUser() : null;
        if (user == null) {
            return null;
        }
        Address out = addresses.createAddress(addresses.createSipURI(user, host));
        if (by.getDisplayName() != null) {
            out.setDisplayName(by.getDisplayName());
        }
        return out.toString();
    }

    /**
     * Alert-Info and Call-Info entries pass only when their URI points nowhere on the other side:
     * URNs (urn:alert:...) and web links by name; SIP URIs and anything with an IP literal stay.
     */
    private static void copyInfoUris(Message in, Message out, String name) throws ParseException {
        ListIterator<?> values = in.getHeaders(name);
        while (values != null && values.hasNext()) {
            Header h = (Header) values.next();
            String value = valueOf(h);
            int open = value.indexOf('<');
            int close = value.indexOf('>', open + 1);
            String uri = open >= 0 && close > open ? value.substring(open + 1, close).trim() : "";
            String scheme = uri.indexOf(':') > 0 ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
            boolean safe = scheme.equals("urn") || ((scheme.equals("http") || scheme.equals("https"))
                    && !IP_LITERAL.matcher(uri).find());
            if (safe) {
                out.addHeader((Header) h.clone());
            }
        }
    }

    private static String valueOf(Header h) {
        String text = h.toString();
        int colon = text.indexOf(':');
        return (colon < 0 ? text : text.substring(colon + 1)).trim();
    }
}
