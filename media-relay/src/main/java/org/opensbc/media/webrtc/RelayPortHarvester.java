package org.opensbc.media.webrtc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;

/**
 * Gives an ice4j component the relay port of the leg as its host candidates: one per advertised
 * address (an IPv4 and an IPv6 one on a dual-stack relay), all on the one socket. ice4j's own
 * host harvester would bind ephemeral ports on every interface (and skips loopback); the relay
 * wants the port it took from its configured range.
 */
final class RelayPortHarvester implements CandidateHarvester {

    private final List<StunSocket> sockets;
    private final HarvestStatistics statistics = new HarvestStatistics();

    RelayPortHarvester(StunSocket socket) {
        this(List.of(socket));
    }

    RelayPortHarvester(List<StunSocket> sockets) {
        this.sockets = List.copyOf(sockets);
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        List<LocalCandidate> candidates = new ArrayList<>();
        for (StunSocket socket : sockets) {
            IceSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
            HostCandidate candidate = new HostCandidate(wrapper, component, Transport.UDP);
            component.addLocalCandidate(candidate);
            component.getParentStream().getParentAgent().getStunStack().addSocket(wrapper);
            candidates.add(candidate);
        }
        return candidates;
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}
