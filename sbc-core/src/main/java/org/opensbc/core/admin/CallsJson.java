package org.opensbc.core.admin;

import static org.opensbc.core.json.JsonText.quote;

import java.util.List;
import org.opensbc.core.b2bua.CallSummary;

/** The admin listing of calls in progress: who, since when, in which state, with both legs' Call-IDs. */
public final class CallsJson {

    private CallsJson() {
    }

    public static String render(List<CallSummary> calls) {
        StringBuilder sb = new StringBuilder(64 + calls.size() * 200);
        sb.append("{\"count\":").append(calls.size()).append(",\"calls\":[");
        boolean first = true;
        for (CallSummary call : calls) {
            sb.append(first ? "" : ",").append("{\"id\":").append(call.id())
                    .append(",\"state\":\"").append(call.state())
                    .append("\",\"start\":\"").append(call.start())
                    .append("\",\"caller\":").append(quote(call.caller()))
                    .append(",\"callee\":").append(quote(call.callee()))
                    .append(",\"callerCallId\":").append(quote(call.callerCallId()))
                    .append(",\"calleeCallId\":").append(quote(call.calleeCallId()))
                    .append('}');
            first = false;
        }
        return sb.append("]}").toString();
    }
}
