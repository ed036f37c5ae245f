package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.SipFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.opensbc.core.call.StoredLeg;
import org.opensbc.core.net.AdvertisedAddresses;
import org.opensbc.core.registrar.LocalDomains;

/** The BYE the gateway rebuilds from a stored dialog after a restart, header by header. */
class RecordedByeTest {

    private final SipContext sip;
    private final ViaHeader via;

    RecordedByeTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        sip = new SipContext(null, factory.createMessageFactory(), factory.createHeaderFactory(),
                factory.createAddressFactory(), null, new AdvertisedAddresses("192.0.2.2", null, "192.0.2.2", null, "test"),
                null, LocalDomains.of(List.of("example.com"), "192.0.2.2"));
        via = sip.headers.createViaHeader("192.0.2.2", 5060, "udp", null);
    }

    private static StoredLeg leg(List<String> routes) {
        return new StoredLeg("a84b4c76e66710@pc33", "gw-tag-1", "peer-tag-2", "<sip:bob@example.com>",
                "\"Alice Smith\" <sip:alice@example.com;user=phone>", "sip:alice@192.0.2.4:5070;transport=udp",
                routes, 7, "UDP:192.0.2.4:5070");
    }

    /** Parsed again from its bytes: what the peer reads, not what the builder holds. */
    private Request onTheWire(StoredLeg leg) throws Exception {
        return sip.messages.createRequest(RecordedBye.build(sip, leg, via).toString());
    }

    @Test
    void theDialogsIdentifiersAndNextCseqAreThoseStored() throws Exception {
        Request bye = onTheWire(leg(List.of()));

        assertEquals(Request.BYE, bye.getMethod());
        assertEquals("sip:alice@192.0.2.4:5070;transport=udp", bye.getRequestURI().toString());
        assertEquals("a84b4c76e66710@pc33", ((CallIdHeader) bye.getHeader(CallIdHeader.NAME)).getCallId());
        FromHeader from = (FromHeader) bye.getHeader(FromHeader.NAME);
        assertEquals("sip:bob@example.com", from.getAddress().getURI().toString());
        assertEquals("gw-tag-1", from.getTag());
        ToHeader to = (ToHeader) bye.getHeader(ToHeader.NAME);
        assertEquals("sip:alice@example.com;user=phone", to.getAddress().getURI().toString());
        assertEquals("Alice Smith", to.getAddress().getDisplayName());
        assertEquals("peer-tag-2", to.getTag());
        CSeqHeader cseq = (CSeqHeader) bye.getHeader(CSeqHeader.NAME);
        assertEquals(7, cseq.getSeqNumber());
        assertEquals(Request.BYE, cseq.getMethod());
        assertEquals(70, ((MaxForwardsHeader) bye.getHeader(MaxForwardsHeader.NAME)).getMaxForwards());
        assertEquals("192.0.2.2", ((ViaHeader) bye.getHeader(ViaHeader.NAME)).getHost());
        assertNull(bye.getHeader(RouteHeader.NAME));
    }

    @Test
    void looseRoutesGoInOrderAndTheTargetStaysTheRequestUri() throws Exception {
        Request bye = onTheWire(leg(List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com:5080;lr>")));

        assertEquals("sip:alice@192.0.2.4:5070;transport=udp", bye.getRequestURI().toString());
        assertEquals(List.of("sip:p1.example.com;lr", "sip:p2.example.com:5080;lr"), routes(bye));
    }

    @Test
    void aStrictRouterTakesTheRequestUriAndTheTargetGoesLast() throws Exception {
        Request bye = onTheWire(leg(List.of("<sip:strict.example.com>", "<sip:p2.example.com;lr>")));

        assertEquals("sip:strict.example.com", bye.getRequestURI().toString());
        assertEquals(List.of("sip:p2.example.com;lr", "sip:alice@192.0.2.4:5070;transport=udp"), routes(bye));
    }

    private static List<String> routes(Request request) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(RouteHeader.NAME); it.hasNext(); ) {
            out.add(((RouteHeader) it.next()).getAddress().getURI().toString());
        }
        return out;
    }
}
