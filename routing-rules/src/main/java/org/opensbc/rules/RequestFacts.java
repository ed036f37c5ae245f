package org.opensbc.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What routing may look at in a request, already taken out of SIP: pure data, so rules are
 * evaluated and tested without a SIP stack. Absent parts are empty strings, never null.
 *
 * @param method        request method
 * @param sourceAddress IP the request came from
 * @param transport     the listener it came in on: udp, tcp, tls, ws or wss
 * @param sourceTrunk   name of the trunk the request came from, or empty
 * @param authenticated the caller proved who it is (digest) or is a trunk trusted by address
 * @param headers       header values by lower-case name, for header rules
 */
public record RequestFacts(String method, String sourceAddress, String transport, String sourceTrunk,
        boolean authenticated, String requestUser, String requestDomain, String fromUser, String fromDomain,
        String toUser, String toDomain, Map<String, List<String>> headers) {

    public RequestFacts {
        headers = Map.copyOf(headers);
    }

    public boolean fromTrunk() {
        return !sourceTrunk.isEmpty();
    }

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The same request with another Request-URI user (after a rewrite). */
    public RequestFacts withRequestUser(String user) {
        return new RequestFacts(method, sourceAddress, transport, sourceTrunk, authenticated, user, requestDomain,
                fromUser, fromDomain, toUser, toDomain, headers);
    }

    public static Builder builder(String method) {
        return new Builder(method);
    }

    /** Fills the facts part by part; what is not set stays empty. */
    public static final class Builder {
        private final String method;
        private String sourceAddress = "";
        private String transport = "";
        private String sourceTrunk = "";
        private boolean authenticated;
        private String requestUser = "";
        private String requestDomain = "";
        private String fromUser = "";
        private String fromDomain = "";
        private String toUser = "";
        private String toDomain = "";
        private final Map<String, List<String>> headers = new HashMap<>();

        private Builder(String method) {
            this.method = method.toUpperCase(Locale.ROOT);
        }

        public Builder source(String address, String transport) {
            this.sourceAddress = nonNull(address);
            this.transport = nonNull(transport).toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder trunk(String name) {
            this.sourceTrunk = nonNull(name);
            return this;
        }

        public Builder authenticated(boolean authenticated) {
            this.authenticated = authenticated;
            return this;
        }

        public Builder request(String user, String domain) {
            this.requestUser = nonNull(user);
            this.requestDomain = nonNull(domain).toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder from(String user, String domain) {
            this.fromUser = nonNull(user);
            this.fromDomain = nonNull(domain).toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder to(String user, String domain) {
            this.toUser = nonNull(user);
            this.toDomain = nonNull(domain).toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        public RequestFacts build() {
            Map<String, List<String>> copy = new HashMap<>();
            headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new RequestFacts(method, sourceAddress, transport, sourceTrunk, authenticated, requestUser,
                    requestDomain, fromUser, fromDomain, toUser, toDomain, copy);
        }

        private static String nonNull(String s) {
            return s == null ? "" : s;
        }
    }
}
