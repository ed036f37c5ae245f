package org.opensbc.media.webrtc;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
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
import org.opensbc.media.sdp.AddressText;
import org.opensbc.media.sdp.MediaDescription;
import org.opensbc.media.sdp.SdpParser;
import org.opensbc.media.sdp.SessionDescription;

/**
 * A browser's media stack in Java for tests: a full, controlling ice4j agent on its own loopback
 * socket, a Bouncy Castle DTLS endpoint with its own certificate, and SRTP. It does what a
 * browser does with the relay's SDP (checks, nomination, handshake in the negotiated role), so
 * the relay's WebRTC leg is tested against real ICE, DTLS and SRTP, without a browser.
 */
public final class BrowserPeer implements AutoCloseable {

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private volatile StunSocket stun;
    private volatile Agent agent;
    private volatile IceMediaStream stream;
    private volatile Component component;
    private final java.util.concurrent.atomic.AtomicInteger iceCompletions = new java.util.concurrent.atomic.AtomicInteger();
    private final DtlsChannel dtlsChannel;
    private final DtlsSession dtls;
    private final DtlsIdentity identity = DtlsIdentity.generate();
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final Thread reader;
    private final CountDownLatch secure = new CountDownLatch(1);
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final PacketBuffer in = new PacketBuffer(1600);
    private final PacketBuffer out = new PacketBuffer(1600);
    public final AtomicLong unauthenticated = new AtomicLong();
    /** When set, decrypted packets go here (on the reader thread) instead of the receive queue. */
    private volatile java.util.function.Consumer<ByteBuffer> onMedia;
    private volatile SrtpTransformer srtp;
    private volatile InetSocketAddress selected;
    private volatile DtlsSession.Role role;
    private volatile Fingerprint relayFingerprint;
    /** When set, SDP announces this fingerprint instead of our certificate's (an impostor). */
    private volatile Fingerprint announced;

    public BrowserPeer(String address) throws IOException {
        IceDefaults.apply();
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(address, 0));
        local = (InetSocketAddress) channel.getLocalAddress();
        dtlsChannel = new DtlsChannel(channel);
        dtls = new DtlsSession(dtlsChannel);
        newAgent();
        reader = new Thread(this::read, "browser-peer-" + local.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** From now on our SDP names another certificate's fingerprint than the one we present in DTLS. */
    public void announceWrongFingerprint() {
        announced = DtlsIdentity.generate().fingerprint();
    }

    /** A fresh ICE agent (new ufrag and password) on the same socket, as a browser's ICE restart. */
    private void newAgent() throws IOException {
        StunSocket socket = new StunSocket(channel, local);
        Agent fresh = new Agent();
        fresh.setControlling(true);
        fresh.setUseDynamicPorts(false);
        fresh.addCandidateHarvester(new RelayPortHarvester(socket));
        IceMediaStream media = fresh.createMediaStream("media");
        Component rtp = fresh.createComponent(media, KeepAliveStrategy.SELECTED_ONLY, false);
        fresh.addStateChangeListener(this::iceState);
        stream = media;
        component = rtp;
        agent = fresh;
        stun = socket;
    }

    /** ICE restart: the next offer carries new credentials; DTLS and its keys stay. */
    public void restartIce() throws IOException {
        Agent old = agent;
        StunSocket oldSocket = stun;
        newAgent();
        old.free();
        oldSocket.close();
    }

    /** True once ICE completed {@code times} times (a restart completes it again). */
    public boolean awaitIceCompletions(int times, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (iceCompletions.get() < times && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return iceCompletions.get() >= times;
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    /** An offer as Chrome writes one (trimmed): audio PCMU/PCMA/telephone-event, optionally video VP8. */
    public String offer(boolean withVideo) {
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
                .append("a=group:BUNDLE 0").append(withVideo ? " 1" : "").append("\r\n")
                .append("a=msid-semantic: WMS stream\r\n")
                .append("m=audio ").append(local.getPort()).append(" UDP/TLS/RTP/SAVPF 0 8 126\r\n")
                .append("c=").append(connection()).append("\r\n")
                .append("a=rtcp:9 IN IP4 0.0.0.0\r\n")
                .append(transport("actpass"))
                .append("a=mid:0\r\n")
                .append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
                .append("a=sendrecv\r\na=msid:stream track-a\r\na=rtcp-mux\r\n")
                .append("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\n")
                .append("a=ssrc:1001 cname:peer\r\n");
        if (withVideo) {
            sdp.append("m=video ").append(local.getPort()).append(" UDP/TLS/RTP/SAVPF 96\r\n")
                    .append("c=").append(connection()).append("\r\n")
                    .append(transport("actpass"))
                    .append("a=mid:1\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n")
                    .append("a=rtcp-fb:96 nack\r\na=rtcp-fb:96 transport-cc\r\n");
        }
        return sdp.toString();
    }

    /**
     * An offer as Chrome writes one when told to prefer Opus: Opus with in-band FEC and a
     * telephone-event at its 48 kHz clock, then (when {@code withG711}) PCMU and its 8 kHz event.
     */
    public String offerOpus(boolean withG711) {
        return "v=0\r\no=- 4611731400430051337 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0\r\na=msid-semantic: WMS stream\r\n"
                + "m=audio " + local.getPort() + " UDP/TLS/RTP/SAVPF 111 110" + (withG711 ? " 0 126" : "") + "\r\n"
                + "c=" + connection() + "\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" + transport("actpass") + "a=mid:0\r\n"
                + "a=sendrecv\r\na=msid:stream track-a\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
                + "a=rtpmap:110 telephone-event/48000\r\n"
                + (withG711 ? "a=rtpmap:0 PCMU/8000\r\na=rtpmap:126 telephone-event/8000\r\n" : "")
                + "a=ssrc:1001 cname:peer\r\n";
    }

    /** The c= value for our address: IN IP6 when we are on IPv6, as a browser writes it. */
    private String connection() {
        boolean v6 = local.getAddress() instanceof java.net.Inet6Address;
        return (v6 ? "IN IP6 " : "IN IP4 ") + AddressText.of(local.getAddress());
    }

    private String transport(String setup) {
        return "a=candidate:1 1 udp 2122260223 " + AddressText.of(local.getAddress()) + " " + local.getPort()
                + " typ host generation 0\r\n"
                + "a=ice-ufrag:" + agent.getLocalUfrag() + "\r\na=ice-pwd:" + agent.getLocalPassword() + "\r\n"
                + "a=fingerprint:" + (announced != null ? announced : identity.fingerprint()) + "\r\na=setup:" + setup
                + "\r\n";
    }

    /** The relay answered our offer: connect. */
    public void accept(String answer) throws Exception {
        connect(SdpParser.parse(answer), false);
    }

    /** The relay offered: connect, and return our answer (a=setup:active, as Chrome answers). */
    public String answer(String offer) throws Exception {
        return answer(offer, encoding -> true);
    }

    /**
     * As {@link #answer(String)}, keeping only the offered formats whose rtpmap encoding
     * ("opus/48000/2", "telephone-event/48000") passes {@code keep}, in the offer's order.
     */
    public String answer(String offer, java.util.function.Predicate<String> keep) throws Exception {
        SessionDescription sdp = SdpParser.parse(offer);
        connect(sdp, true);
        MediaDescription m = sdp.media().get(0);
        StringBuilder rtpmaps = new StringBuilder();
        java.util.List<String> formats = new java.util.ArrayList<>();
        for (String format : m.formats()) {
            String encoding = m.rtpmap(format).orElse(format.equals("0") ? "PCMU/8000" : format.equals("8") ? "PCMA/8000" : "?");
            if (keep.test(encoding)) {
                formats.add(format);
                rtpmaps.append("a=rtpmap:").append(format).append(' ').append(encoding).append("\r\n");
            }
        }
        return "v=0\r\no=- 77 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE " + m.attribute("mid").orElse("0")
                + "\r\nm=audio " + local.getPort() + " UDP/TLS/RTP/SAVPF " + String.join(" ", formats) + "\r\n"
                + "c=" + connection() + "\r\n" + transport("active") + "a=mid:" + m.attribute("mid").orElse("0")
                + "\r\na=sendrecv\r\na=rtcp-mux\r\n" + rtpmaps;
    }

    private void connect(SessionDescription sdp, boolean weAnswer) throws Exception {
        MediaDescription m = sdp.media().get(0);
        String setup = m.attribute("setup").orElseThrow();
        role = weAnswer ? DtlsSession.Role.CLIENT : (setup.equals("active") ? DtlsSession.Role.SERVER : DtlsSession.Role.CLIENT);
        relayFingerprint = Fingerprint.parse(m.attribute("fingerprint").orElseThrow());
        stream.setRemoteUfrag(m.attribute("ice-ufrag").orElseThrow());
        stream.setRemotePassword(m.attribute("ice-pwd").orElseThrow());
        for (String line : m.attributes("candidate")) {
            IceCandidate c = IceCandidate.parse(line);
            component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address(), c.port(), Transport.UDP),
                    component, CandidateType.parse(c.type()), c.foundation(), c.priority(), null));
        }
        agent.startConnectivityEstablishment();
    }

    private void iceState(PropertyChangeEvent event) {
        if (event.getNewValue() == IceProcessingState.COMPLETED) {
            iceCompletions.incrementAndGet();
            CandidatePair pair = component.getSelectedPair();
            TransportAddress remote = pair.getRemoteCandidate().getTransportAddress();
            selected = new InetSocketAddress(remote.getAddress(), remote.getPort());
            dtlsChannel.setRemote(selected);
            dtls.start(role, crypto, new DtlsCredentials(crypto, identity, relayFingerprint), worker,
                    keys -> {
                        srtp = new SrtpTransformer(keys);
                        secure.countDown();
                    },
                    failure -> failure.printStackTrace());
        }
    }

    public boolean awaitSecure(long seconds) throws InterruptedException {
        return secure.await(seconds, TimeUnit.SECONDS);
    }

    public InetSocketAddress selected() {
        return selected;
    }

    /** Encrypts and sends a plain RTP (or, with {@code rtcp}, RTCP) packet to the relay. */
    public synchronized void send(byte[] plain, boolean rtcp) throws IOException {
        out.load(ByteBuffer.wrap(plain));
        boolean ok = rtcp ? srtp.protectRtcp(out) : srtp.protectRtp(out);
        if (!ok) {
            throw new IOException("SRTP protect failed");
        }
        channel.send(out.view(), selected);
    }

    /** As {@link #send}, for a buffer (its position to limit), without copies beyond the one SRTP needs. */
    public synchronized boolean sendPlain(ByteBuffer plain) throws IOException {
        out.load(plain);
        return srtp.protectRtp(out) && channel.send(out.view(), selected) > 0;
    }

    /** Decrypted packets are handed to {@code consumer} from now on (load generators). */
    public void onMedia(java.util.function.Consumer<ByteBuffer> consumer) {
        onMedia = consumer;
    }

    /** Sends raw bytes to the relay's selected address (for forgeries). */
    public void sendRaw(byte[] bytes) throws IOException {
        channel.send(ByteBuffer.wrap(bytes), selected);
    }

    /** The next decrypted RTP/RTCP packet, or null after the timeout. */
    public byte[] receive(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        try {
            while (true) {
                buffer.clear();
                InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                int first = buffer.get(0) & 0xFF;
                if (first <= 3) {
                    stun.offer(buffer, source);
                } else if (first >= 20 && first <= 63) {
                    dtlsChannel.offer(buffer);
                } else if (first >= 128 && first <= 191) {
                    onSrtp(buffer);
                }
            }
        } catch (ClosedChannelException e) {
            // closed
        } catch (IOException e) {
            // closed
        }
    }

    private synchronized void onSrtp(ByteBuffer packet) {
        SrtpTransformer keys = srtp;
        if (keys == null) {
            unauthenticated.incrementAndGet();
            return;
        }
        int type = packet.get(1) & 0xFF;
        boolean rtcp = type >= 192 && type <= 223;
        in.load(packet);
        if (!(rtcp ? keys.unprotectRtcp(in) : keys.unprotectRtp(in))) {
            unauthenticated.incrementAndGet();
            return;
        }
        ByteBuffer view = in.view();
        java.util.function.Consumer<ByteBuffer> consumer = onMedia;
        if (consumer != null) {
            consumer.accept(view);
            return;
        }
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        received.add(copy);
    }

    @Override
    public void close() throws IOException {
        dtls.close();
        stun.close();
        agent.free();
        channel.close();
        worker.shutdownNow();
    }

    static byte[] bytes(ByteBuffer buffer) {
        return Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    }
}
