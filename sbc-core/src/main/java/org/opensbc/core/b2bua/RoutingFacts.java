package org.opensbc.core.b2bua;

import java.util.ListIterator;
import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.RequestFacts;

/** What the routing rules see of a request: its SIP taken apart into plain facts. */
final class RoutingFacts {

    private RoutingFacts() {
    }

    /**
     * @param trunk the trunk the request came from, or null (the caller then authenticated: only
     *              authenticated requests are routed)
     */
    static RequestFacts of(Request request, SourceAddress source, Trunk trunk) {
        SipURI ruri = (SipURI) request.getRequestURI();
        RequestFacts.Builder b = RequestFacts.builder(request.getMethod())
                .source(source.host(), source.transport())
                .trunk(trunk == null ? "" : trunk.name())
                .authenticated(true)
                .request(ruri.getUser(), ruri.getHost());
        URI from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        if (from instanceof SipURI s) {
            b.from(s.getUser(), s.getHost());
        }
        URI to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (to instanceof SipURI s) {
            b.to(s.getUser(), s.getHost());
        }
        for (ListIterator<?> names = request.getHeaderNames(); names.hasNext();) {
            String name = ((String) names.next()).toLowerCase(Locale.ROOT);
            for (ListIterator<?> values = request.getHeaders(name); values.hasNext();) {
                Header h = (Header) values.next();
                String text = h.toString();
                int colon = text.indexOf(':');
                b.header(name, (colon < 0 ? text : text.substring(colon + 1)).trim());
            }
        }
        return b.build();
    }
}
