package org.opensbc.sip.guard;

import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * JAIN-SIP's own parser, counted: every transport's parse failure passes here, so the gateway
 * can report malformed input that the stack answers (400) or drops on its own.
 */
public final class CountingMessageParserFactory implements MessageParserFactory {

    private final InboundCounters counters;

    public CountingMessageParserFactory(InboundCounters counters) {
        this.counters = counters;
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        StringMsgParser parser = new StringMsgParser();
        return (bytes, readBody, strict, listener) -> {
            try {
                return parser.parseSIPMessage(bytes, readBody, strict, listener);
            } catch (java.text.ParseException e) {
                counters.malformed();
                throw e;
            }
        };
    }
}
