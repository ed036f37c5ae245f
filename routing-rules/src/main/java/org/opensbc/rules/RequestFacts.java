package org.opensbc.rules;

/**
 * What routing may look at in a request, already taken out of SIP: pure data, so rules are
 * evaluated and tested without a SIP stack.
 *
 * @param method        request method
 * @param sourceAddress IP the request came from
 * @param transport     UDP, TCP, TLS, WS or WSS
 * @param sourceTrunk   name of the trunk the request came from, or empty when it came from a user
 * @param fromUser      user part of From, or empty
 * @param toUser        user part of the Request-URI, or empty
 * @param toHost        host part of the Request-URI
 */
public record RequestFacts(String method, String sourceAddress, String transport, String sourceTrunk,
        String fromUser, String toUser, String toHost) {

    public boolean fromTrunk() {
        return !sourceTrunk.isEmpty();
    }
}
