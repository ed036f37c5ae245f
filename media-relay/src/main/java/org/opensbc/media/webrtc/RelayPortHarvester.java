package org.opensbc.media.webrtc;

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
 * Gives an ice4j component exactly one host candidate: the relay port of the leg on the
 * advertised address. ice4j's own host harvester would bind ephemeral ports on every interface
 * (and skips loopback); the relay wants the port it took from its configured range.
 */
final class RelayPortHarvester implements CandidateHarvester {

    private final StunSocket socket;
    private final HarvestStatistics statistics = new HarvestStatistics();

    RelayPortHarvester(StunSocket socket) {
        this.socket = socket;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        IceSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
        HostCandidate candidate = new HostCandidate(wrapper, component, Transport.UDP);
        component.addLocalCandidate(candidate);
        component.getParentStream().getParentAgent().getStunStack().addSocket(wrapper);
        return List.of(candidate);
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
