package org.opensbc.sip.guard;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * JAIN-SIP's own parser, made strict and counted. Every transport's parse passes here: messages
 * that break RFC 3261 grammar (see {@link StrictGrammar}) fail like any other parse error, the
 * stack then answers requests with "400 Bad Request (reason)" and drops responses, and each
 * failure is counted. Reasons are cleaned so that no parser internals reach the wire.
 */
public final class CountingMessageParserFactory implements MessageParserFactory {

    private static final int MAX_REASON = 60;

    private final InboundCounters counters;
    private final int maxMessageSize;

    /** @param maxMessageSize larger messages are marked for the guard valve (513 or drop) */
    public CountingMessageParserFactory(InboundCounters counters, int maxMessageSize) {
        this.counters = counters;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        StringMsgParser parser = new StringMsgParser();
        return (bytes, readBody, strict, listener) -> {
            SIPMessage message;
            try {
                message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            } catch (ParseException e) {
                counters.malformed();
                throw new ParseException(cleanReason(e.getMessage()), e.getErrorOffset());
            }
            if (message == null) {
                return null;
            }
            if (bytes.length > maxMessageSize) {
                counters.oversized();
                message.setApplicationData(InboundMarks.OVERSIZED);
                return message;
            }
            String violation = StrictGrammar.violation(bytes);
            if (violation != null) {
                counters.malformed();
                throw new ParseException(violation, 0);
            }
            if (StrictGrammar.otherVersion(bytes)) {
                message.setApplicationData(InboundMarks.UNSUPPORTED_VERSION); // GuardValve answers 505
            }
            return message;
        };
    }

    /** First line, printable ASCII only, no Java object identities, bounded. */
    static String cleanReason(String raw) {
        if (raw == null || raw.isBlank()) {
            return "Malformed message";
        }
        String line = raw.lines().findFirst().orElse("").replaceAll("\\[[A-Z]@[0-9a-f]+", "");
        StringBuilder sb = new StringBuilder();
        for (char c : line.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '(' && c != ')') {
                sb.append(c);
            }
            if (sb.length() >= MAX_REASON) {
                break;
            }
        }
        String reason = sb.toString().trim();
        return reason.isEmpty() ? "Malformed message" : "Malformed: " + reason;
    }
}
