package org.opensbc.media.webrtc;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICE generation of a WebRTC leg: an ice4j agent in the controlled role with the relay
 * port as its only host candidate, once per address family (IPv4 and IPv6 on a dual-stack
 * relay: each is its own socket to ice4j and gets the STUN messages of its family). The peer
 * (a browser, always controlling towards the relay) checks and nominates; the relay answers, checks back, and learns the nominated address, which is then
 * the only one that may carry DTLS and SRTP. An ICE restart (new ufrag) is a new IceSession on
 * the same port.
 */
final class IceSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IceSession.class);

    static {
        IceDefaults.apply();
    }

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    /** One per advertised address; all send and receive through the leg's one channel. */
    private final List<StunSocket> sockets = new ArrayList<>();
    private final Consumer<InetSocketAddress> onSelected;
    private volatile String remoteUfrag;
    private boolean started;

    /**
     * @param advertised the candidate addresses and port put in SDP (at most one per family)
     * @param onSelected told of the address ICE nominated (from an ice4j thread)
     */
    IceSession(DatagramChannel channel, List<InetSocketAddress> advertised, Consumer<InetSocketAddress> onSelected)
            throws IOException {
        this.onSelected = onSelected;
        for (InetSocketAddress address : advertised) {
            sockets.add(new StunSocket(channel, address));
        }
        this.agent = new Agent();
        agent.setControlling(false);
        agent.setUseDynamicPorts(false);
        agent.addCandidateHarvester(new RelayPortHarvester(sockets));
        stream = agent.createMediaStream("media");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        stream.addPairChangeListener(this::pairChanged);
        agent.addStateChangeListener(this::stateChanged);
    }

    String localUfrag() {
        return agent.getLocalUfrag();
    }

    String localPassword() {
        return agent.getLocalPassword();
    }

    /** The peer's ufrag of this generation, or null before its description arrived. */
    String remoteUfrag() {
        return remoteUfrag;
    }

    /** The peer's credentials and candidates: checks start (once) towards those candidates. */
    synchronized void start(String ufrag, String password, List<IceCandidate> candidates) {
        if (started) {
            return; // same generation: nothing new to learn (trickled candidates arrive as prflx)
        }
        started = true;
        remoteUfrag = ufrag;
        stream.setRemoteUfrag(ufrag);
        stream.setRemotePassword(password);
        for (IceCandidate c : candidates) {
            TransportAddress address = new TransportAddress(c.address(), c.port(), Transport.UDP);
            component.addRemoteCandidate(new RemoteCandidate(address, component,
                    CandidateType.parse(c.type()), c.foundation(), c.priority(), null));
        }
        agent.startConnectivityEstablishment();
    }

    /**
     * From the relay loop: a STUN message that arrived on the leg's port, for the candidate of
     * its source's family (a dual-stack socket reports IPv4 sources as IPv4 addresses).
     */
    void onStun(ByteBuffer packet, InetSocketAddress source) {
        boolean v6 = source.getAddress() instanceof Inet6Address;
        for (StunSocket socket : sockets) {
            if (socket.getLocalAddress() instanceof Inet6Address == v6) {
                socket.offer(packet, source);
                return;
            }
        }
        sockets.get(0).offer(packet, source);
    }

    private void pairChanged(PropertyChangeEvent event) {
        if (IceMediaStream.PROPERTY_PAIR_NOMINATED.equals(event.getPropertyName())
                && event.getSource() instanceof CandidatePair pair) {
            selected(pair);
        }
    }

    private void stateChanged(PropertyChangeEvent event) {
        Object state = event.getNewValue();
        if (state == IceProcessingState.COMPLETED) {
            CandidatePair pair = component.getSelectedPair();
            if (pair != null) {
                selected(pair);
            }
        } else if (state == IceProcessingState.FAILED) {
            LOG.info("ICE failed on {} (peer ufrag {})", sockets.get(0).getLocalSocketAddress(), remoteUfrag);
        }
    }

    private void selected(CandidatePair pair) {
        TransportAddress remote = pair.getRemoteCandidate().getTransportAddress();
        onSelected.accept(new InetSocketAddress(remote.getAddress(), remote.getPort()));
    }

    @Override
    public void close() {
        agent.free(); // stops ice4j's reader first, so the socket closing under it is not an error
        sockets.forEach(StunSocket::close);
    }
}
