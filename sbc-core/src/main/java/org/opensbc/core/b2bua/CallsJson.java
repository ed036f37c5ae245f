package org.opensbc.core.b2bua;

import static org.opensbc.core.json.JsonText.quote;

import java.util.List;

/** The admin listing of calls in progress: who, since when, in which state, with both legs' Call-IDs. */
final class CallsJson {

    private CallsJson() {
    }

    static String render(List<Call> calls) {
        StringBuilder sb = new StringBuilder(64 + calls.size() * 200);
        sb.append("{\"count\":").append(calls.size()).append(",\"calls\":[");
        boolean first = true;
        for (Call call : calls) {
            String state;
            String calleeCallId;
            synchronized (call) {
                state = call.state.name().toLowerCase(java.util.Locale.ROOT);
                calleeCallId = call.callee != null ? call.callee.callId() : null;
            }
            sb.append(first ? "" : ",").append("{\"id\":").append(call.id)
                    .append(",\"state\":\"").append(state)
                    .append("\",\"start\":\"").append(call.start)
                    .append("\",\"caller\":").append(quote(call.callerIdentity))
                    .append(",\"callee\":").append(quote(call.calleeIdentity))
                    .append(",\"callerCallId\":").append(quote(call.caller.callId()))
                    .append(",\"calleeCallId\":").append(quote(calleeCallId))
                    .append('}');
            first = false;
        }
        return sb.append("]}").toString();
    }
}
