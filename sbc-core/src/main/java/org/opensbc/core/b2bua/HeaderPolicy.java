package org.opensbc.core.b2bua;

import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.message.Message;

/**
 * What crosses from one leg to the other. An allow-list: headers about the session and the
 * user's intent cross; everything about the path (Via, Route, Record-Route, Contact, Call-ID,
 * tags, Server, User-Agent, Warning, P- headers, X- headers) stays on its own leg. A new header a
 * peer invents is dropped until someone decides it is safe.
 */
final class HeaderPolicy {

    /** Lower-case names of headers copied on requests (initial and in-dialog). */
    private static final Set<String> REQUEST = Set.of(
            "accept", "accept-encoding", "accept-language", "content-disposition",
            "content-encoding", "content-language", "subject", "priority", "event", "subscription-state",
            "info-package", "recv-info", "reason", "expires", "allow-events");

    /** Lower-case names of headers copied on responses. */
    private static final Set<String> RESPONSE = Set.of(
            "accept", "accept-encoding", "accept-language", "content-disposition",
            "content-encoding", "content-language", "unsupported", "event", "allow-events", "expires", "recv-info");
    // Refer-To, Referred-By, Alert-Info and Call-Info carry addresses in their values: they cross
    // rewritten or filtered (TopologyHeaders), never copied as they came.

    private HeaderPolicy() {
    }

    static void copyRequestHeaders(Message from, Message to) {
        copy(from, to, REQUEST);
    }

    static void copyResponseHeaders(Message from, Message to) {
        copy(from, to, RESPONSE);
    }

    /** The routing rule's header edits (names it may not touch were refused when the rules were read). */
    static void applyEdits(org.opensbc.rules.model.HeaderEdits edits, Message out, javax.sip.header.HeaderFactory headers)
            throws java.text.ParseException {
        for (String name : edits.remove()) {
            out.removeHeader(name);
        }
        for (java.util.Map.Entry<String, String> add : edits.add().entrySet()) {
            out.setHeader(headers.createHeader(add.getKey(), add.getValue()));
        }
    }

    /** Copies the body with its Content-Type; a message without body gets none. */
    static void copyBody(Message from, Message to) throws java.text.ParseException {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        if (body != null && body.length > 0 && type != null) {
            to.setContent(body, (ContentTypeHeader) type.clone());
        }
    }

    private static void copy(Message from, Message to, Set<String> allowed) {
        ListIterator<?> names = from.getHeaderNames();
        while (names.hasNext()) {
            String name = (String) names.next();
            if (!allowed.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            ListIterator<?> values = from.getHeaders(name);
            while (values.hasNext()) {
                to.addHeader((Header) ((Header) values.next()).clone());
            }
        }
    }
}
