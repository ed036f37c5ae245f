package org.opensbc.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Map;
import javax.sip.SipStack;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.admission.InboundCounters;
import org.opensbc.sip.admission.AccessStage;

class SipStackFactoryTest {

    private static final SipStackSettings SETTINGS = new SipStackSettings("test", 16384, 2, 1000, null, null);

    /** JAIN-SIP's factory returns the old stack for a known name: a restart would reuse a stopped one. */
    @Test
    void everyCallMakesANewStack() throws Exception {
        SipStack first = SipStackFactory.create(SETTINGS, Map.of(), f -> { }, InboundCounters.NONE, AccessStage.OPEN);
        first.stop();
        SipStack second = SipStackFactory.create(SETTINGS, Map.of(), f -> { }, InboundCounters.NONE, AccessStage.OPEN);
        assertNotSame(first, second);
        second.stop();
    }

    @Test
    void stackLimitStaysAboveTheConfiguredSizeSoTheParserCanAnswer513() {
        assertEquals("65536", SipStackFactory.properties(SETTINGS).getProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE"));
    }
}
