package org.opensbc.rules.acl;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opensbc.rules.match.Cidr;

/**
 * Who may send the gateway what (acl.yaml), checked on every request before any transaction
 * exists: allow/deny networks per listener and per trunk, the methods each source class may
 * send outside a dialog, scanners' User-Agents, and the per-source request rate. Immutable; a
 * reload swaps it whole.
 *
 * @param listeners    by listener (udp, tcp, tls, ws, wss); a listener not named lets everyone in
 * @param trunks       by trunk name: which of the trunk's addresses it is accepted from
 * @param trunkMethods methods a trunk may send outside a dialog
 * @param otherMethods methods anyone else may send outside a dialog
 * @param blockedAgents User-Agent substrings (lower case) whose requests are dropped unanswered
 */
public record AclPolicy(Map<String, Networks> listeners, Map<String, Networks> trunks, Set<String> trunkMethods,
        Set<String> otherMethods, RateLimit rateLimit, List<String> blockedAgents) {

    /** What a request gets. */
    public enum Verdict { ACCEPT, DROP, METHOD_NOT_ALLOWED }

    /** Allowed networks (empty: all) minus denied ones. */
    public record Networks(List<Cidr> allow, List<Cidr> deny) {
        public boolean admits(String ip) {
            for (Cidr c : deny) {
                if (c.contains(ip)) {
                    return false;
                }
            }
            if (allow.isEmpty()) {
                return true;
            }
            for (Cidr c : allow) {
                if (c.contains(ip)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Per source address: {@code requestsPerSecond} sustained, bursts up to {@code burst}; a
     * source over it is banned (everything it sends dropped) for {@code banSeconds}. Trunks are
     * exempt. {@code requestsPerSecond} 0: no limit.
     */
    public record RateLimit(int requestsPerSecond, int burst, int banSeconds) { }

    public static final Set<String> ALL_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO",
            "UPDATE", "PRACK", "REFER", "NOTIFY", "SUBSCRIBE", "MESSAGE", "PUBLISH");

    /** When there is no acl.yaml: nobody blocked, scanners dropped, a generous rate limit. */
    public static AclPolicy defaults() {
        return new AclPolicy(Map.of(), Map.of(), ALL_METHODS, ALL_METHODS, new RateLimit(100, 200, 60),
                List.of("friendly-scanner", "sipvicious", "sipcli", "sip-scan", "iwar", "vaxsipuseragent", "sundayddr"));
    }

    /**
     * @param trunk     the trunk the source address belongs to, or null
     * @param inDialog  the request has a To tag (methods are checked outside dialogs only)
     * @param userAgent the User-Agent header, or null
     */
    public Verdict check(String sourceIp, String listener, String trunk, String method, boolean inDialog,
            String userAgent) {
        Networks byListener = listeners.get(listener.toLowerCase(Locale.ROOT));
        if (byListener != null && !byListener.admits(sourceIp)) {
            return Verdict.DROP;
        }
        if (trunk != null) {
            Networks byTrunk = trunks.get(trunk);
            if (byTrunk != null && !byTrunk.admits(sourceIp)) {
                return Verdict.DROP;
            }
        }
        if (userAgent != null && !blockedAgents.isEmpty()) {
            String agent = userAgent.toLowerCase(Locale.ROOT);
            for (String blocked : blockedAgents) {
                if (agent.contains(blocked)) {
                    return Verdict.DROP;
                }
            }
        }
        if (!inDialog && !(trunk != null ? trunkMethods : otherMethods).contains(method)) {
            return Verdict.METHOD_NOT_ALLOWED;
        }
        return Verdict.ACCEPT;
    }

    /** The methods a source class may send, for a 405's Allow header. */
    public Set<String> allowedMethods(boolean trunk) {
        return trunk ? trunkMethods : otherMethods;
    }
}
