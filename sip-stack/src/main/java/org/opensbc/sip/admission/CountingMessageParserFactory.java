package org.opensbc.sip.admission;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import javax.sip.message.Response;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;

/**
 * JAIN-SIP's own parser, made strict and counted. Every transport's parse passes here: messages
 * that break RFC 3261 grammar (see {@link StrictGrammar}) fail like any other parse error, the
 * stack then answers requests with "400 Bad Request (reason)" and drops responses, and each
 * failure is counted. Reasons are cleaned so that no parser internals reach the wire.
 */
public final class CountingMessageParserFactory implements MessageParserFactory {

    private static final int MAX_REASON = 60;
    private static final StageResult BAD_REQUEST = StageResult.Reply.of(Response.BAD_REQUEST);

    private final InboundCounters counters;
    private final int maxMessageSize;

    /** @param maxMessageSize larger messages are marked for the {@link SizeAndGrammarStage} (513 or drop) */
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
                malformed(bytes);
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
                malformed(bytes);
                throw new ParseException(violation, 0);
            }
            if (StrictGrammar.otherVersion(bytes)) {
                message.setApplicationData(InboundMarks.UNSUPPORTED_VERSION); // SizeAndGrammarStage answers 505
            }
            return message;
        };
    }

    /**
     * The size/grammar stage decided: the stack answers a request that does not parse 400 (when it
     * has the headers to address one) and drops a response.
     */
    private void malformed(byte[] bytes) {
        counters.malformed();
        counters.decided(Stage.SIZE_GRAMMAR, isResponse(bytes) ? StageResult.DROP : BAD_REQUEST);
    }

    private static boolean isResponse(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'S' && bytes[1] == 'I' && bytes[2] == 'P' && bytes[3] == '/';
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
