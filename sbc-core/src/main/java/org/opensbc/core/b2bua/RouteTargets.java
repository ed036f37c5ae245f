package org.opensbc.core.b2bua;

import org.opensbc.core.call.FailureMapping;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.message.Response;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.registrar.Binding;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.core.registrar.OutboundFlows;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.core.trunk.TrunkDirectory;
import org.opensbc.rules.Evaluation;
import org.opensbc.rules.RouteDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a routed request goes: every registered contact of a local user, or the first trunk of
 * the route that is up (and, for a call, has a free slot; the others wait for failover), or the
 * rule's refusal.
 */
final class RouteTargets {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTargets.class);

    /** The first targets, the trunks to fail over to, or why there are none. */
    record Routed(List<CallTarget> targets, List<Trunk> failover, int status, String reason, String disposition) {
        Routed(List<CallTarget> targets, List<Trunk> failover) {
            this(targets, failover, 0, null, null);
        }

        static Routed refused(int status, String reason) {
            return new Routed(List.of(), List.of(), status, reason, FailureMapping.disposition(status));
        }

        /** A known user with no contact: the CDR says so, not "no-answer". */
        static Routed notRegistered() {
            return new Routed(List.of(), List.of(), Response.TEMPORARILY_UNAVAILABLE, null, "not-registered");
        }
    }

    private final SipContext sip;
    private final RoutingTable routing;
    private final LocationService location;
    /** Keys addresses-of-record the way registrations were stored (the IPv6 domain is the primary one). */
    private final LocalDomains domains;
    private final GatewayMetrics metrics;
    private final org.opensbc.core.state.ClusterView cluster;

    RouteTargets(SipContext sip, RoutingTable routing, LocationService location, LocalDomains domains,
            GatewayMetrics metrics, org.opensbc.core.state.ClusterView cluster) {
        this.domains = domains;
        this.cluster = cluster;
        this.sip = sip;
        this.routing = routing;
        this.location = location;
        this.metrics = metrics;
    }

    /**
     * @param callSlots take a call slot on the trunk (calls do; a MESSAGE is no call and only
     *                  needs the trunk to be up)
     */
    Routed of(Evaluation routed, SipURI dialled, TrunkDirectory trunks, boolean callSlots) throws ParseException {
        RouteDecision decision = routed.decision();
        if (decision instanceof RouteDecision.Reject reject) {
            return Routed.refused(reject.status(), reject.reason());
        }
        if (decision instanceof RouteDecision.Trunks route) {
            List<Trunk> candidates = new ArrayList<>();
            for (String name : route.trunks()) {
                Trunk t = trunks.get(name);
                if (t != null) {
                    candidates.add(t);
                }
            }
            while (!candidates.isEmpty()) {
                Trunk first = candidates.remove(0);
                if (callSlots ? first.tryAcquire() : first.isUp()) {
                    CallTarget target = TrunkTargets.of(sip, first, routed.requestUser());
                    return new Routed(List.of(callSlots ? target : target.withoutSlot()), candidates);
                }
            }
            metrics.trunkAdmissionRefused();
            return Routed.refused(Response.SERVICE_UNAVAILABLE, "No Trunk Available");
        }
        RouteDecision.LocalUser local = (RouteDecision.LocalUser) decision;
        String user = local.aor().substring(0, local.aor().lastIndexOf('@'));
        if (!routing.environment().isKnownUser(user)) {
            return Routed.refused(Response.NOT_FOUND, null);
        }
        return toUser(user, local.aor(), dialled, false);
    }

    /**
     * Another node passes on a call or MESSAGE for a user with a connection here (a browser's
     * WebSocket): only the bindings whose connection this node holds; the node that sent it
     * called the others itself.
     */
    Routed forPeer(SipURI dialled) throws ParseException {
        String user = dialled.getUser();
        if (!routing.environment().isKnownUser(user)) {
            return Routed.refused(Response.NOT_FOUND, null);
        }
        return toUser(user, user + "@" + dialled.getHost(), dialled, true);
    }

    /**
     * Every reachable binding of a local user. One whose connection another live node holds is
     * reached through that node (one request per node, which delivers it on the connection);
     * one whose connection died with its node is skipped until the client registers again.
     */
    private Routed toUser(String user, String aor, SipURI dialled, boolean ownConnectionsOnly) throws ParseException {
        List<CallTarget> targets = new ArrayList<>();
        java.util.Set<String> viaNodes = new java.util.HashSet<>();
        boolean dialledTheGateway = domains.isAdvertised(dialled.getHost());
        String storedAor = domains.aor(aor);
        for (Binding b : OutboundFlows.onePerInstance(location.lookup(storedAor))) {
            boolean mine = b.node() == null || cluster.isSelf(b.node());
            if (b.connectionLost() || ownConnectionsOnly && !(mine && b.connectionBound())) {
                continue;
            }
            try {
                if (!mine && b.connectionBound()) {
                    String node = cluster.sipAddressOf(b.node());
                    if (node != null && viaNodes.add(b.node())) {
                        NextHop hop = NextHop.parse("UDP:" + node.replace("[", "").replace("]", ""));
                        URI aorUri = sip.addresses.createSipURI(user, storedAor.substring(storedAor.lastIndexOf('@') + 1));
                        targets.add(new CallTarget(aorUri, aorUri, hop, false, null));
                    }
                    continue;
                }
                URI contact = sip.addresses.createURI(b.contactUri());
                if (!(contact instanceof SipURI sipContact)) {
                    continue;
                }
                NextHop hop = b.flow() != null ? NextHop.parse(b.flow())
                        : b.route() != null ? NextHop.parse(b.route()) : NextHop.of(sipContact);
                if (sip.hasTransport(hop.transport())) {
                    // dialled at the gateway's address: the callee sees the one of its own family
                    URI to = sip.addresses.createSipURI(user, dialledTheGateway ? sip.hostFor(hop) : dialled.getHost());
                    targets.add(new CallTarget(contact, to, hop, false, null));
                }
            } catch (ParseException | IllegalArgumentException e) {
                LOG.debug("binding of {} unusable: {}", aor, e.toString());
            }
        }
        return targets.isEmpty() ? Routed.notRegistered() : new Routed(targets, List.of());
    }
}
