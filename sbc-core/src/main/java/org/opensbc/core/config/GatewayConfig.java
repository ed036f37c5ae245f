package org.opensbc.core.config;

import org.opensbc.media.codec.OpusLoader;
import org.opensbc.media.relay.DtmfDelivery;
import org.opensbc.media.relay.TranscodingPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole typed, validated configuration (conf/sbc.yaml plus conf/users.yaml). Immutable;
 * defaults live in {@link ConfigLoader} only.
 */
public record GatewayConfig(
        Path configDir,
        Path dataDir,
        Sip sip,
        Tls tls,
        WebSocket websocket,
        Registrar registrar,
        Auth auth,
        Nat nat,
        Admin admin,
        Calls calls,
        Trunk trunk,
        Media media,
        Shutdown shutdown,
        State state,
        List<UserEntry> users) {

    /**
     * Where state that must outlive the process is kept ({@code state:}).
     *
     * @param kind        embedded (a SQLite file in dataDir, the default), redis (several nodes share
     *                    it), memory (nothing survives a restart)
     * @param nodeId      this node's name among the nodes; empty: the host name and SIP port
     * @param nodeAddress "host:port" where other nodes send this one SIP (UDP) for the flows it owns;
     *                    empty: the advertised SIP address and the UDP port
     * @param redisUrl    redis://, rediss:// (TLS) or redis-sentinel:// URL
     * @param redisPrefix put in front of every key, so several gateways can share one Redis
     */
    public record State(org.opensbc.state.StateStores.Kind kind, String nodeId, String nodeAddress, String redisUrl,
            String redisPrefix) { }

    /** @param drainSeconds how long calls in progress may go on after SIGTERM before they are ended */
    public record Shutdown(int drainSeconds) { }

    /** One listening socket; {@code port} 0 is not allowed for SIP (the port is advertised). */
    public record Listener(boolean enabled, String address, int port) { }

    /**
     * @param advertisedAddress   address put in Via/Contact of requests the gateway originates
     * @param advertisedAddressV6 the same towards IPv6 peers; empty: decided at start
     * @param domains             local domains; empty means the host's own addresses and localhost
     * @param serverHeader        Server/User-Agent value; empty sends none (no product or version leaks)
     */
    public record Sip(Listener udp, Listener tcp, Listener tls, Listener wss, Listener ws,
            String advertisedAddress, String advertisedAddressV6, List<String> domains, int maxMessageSize,
            int threads, String serverHeader) { }

    /** PEM certificate and key for WSS and TLS; null paths mean "self-signed in the data dir". */
    public record Tls(Path certificate, Path privateKey) { }

    public record WebSocket(Duration pingInterval, Duration idleTimeout) { }

    public record Registrar(int minExpires, int maxExpires, int defaultExpires, int maxContactsPerUser) { }

    /** Digest auth and the ban on sources that keep failing it. */
    public record Auth(String realm, Duration nonceLifetime, int banAfterFailures, Duration failureWindow,
            Duration banDuration) { }

    /**
     * @param keepaliveInterval how often NATed UDP contacts get an OPTIONS; zero disables
     * @param detect            how a registering client is judged to be behind NAT
     */
    public record Nat(Duration keepaliveInterval, org.opensbc.core.net.NatDetection.Mode detect) { }

    /**
     * @param token        bearer token for the admin API; empty: generated into dataDir/admin-token at first start
     * @param metricsToken /metrics wants the token too (default: open, for a Prometheus without credentials)
     */
    public record Admin(String address, int port, String token, boolean metricsToken) { }

    /**
     * Call handling.
     *
     * @param ringTimeout          no final answer from the callee within this: CANCEL, 480 to the caller
     * @param transferEnabled      REFER is relayed to the other leg; false answers it 403
     * @param sessionExpires       Session-Expires the gateway asks for on legs it originates (RFC 4028)
     * @param minSessionExpires    the smallest Session-Expires accepted (never above 90, JsSIP's value)
     * @param udpSizeLimit         requests larger than this go over TCP instead of UDP (RFC 3261 18.1.1)
     *                             when the target is reachable over TCP; 0 keeps UDP
     * @param cdrFile              one JSON line per finished call
     * @param transferMode         who carries out a REFER: auto (the gateway for browsers and attended
     *                             transfers, else the transferee), gateway, or relay
     * @param failoverTimeout      a trunk that has not responded at all (not even 100 Trying) by
     *                             then is given up and the route's next trunk tried; zero waits
     *                             for the INVITE transaction's own timeout (32 s)
     */
    public record Calls(Duration ringTimeout, boolean transferEnabled, Duration sessionExpires,
            Duration minSessionExpires, int udpSizeLimit, Path cdrFile, Duration failoverTimeout, String transferMode) { }

    /**
     * The default trunk (a PBX or carrier): non-local destinations go there, and requests from its
     * address are accepted without digest authentication.
     *
     * @param address the trunk's IP address (resolved at load) as text
     * @param tcp     the trunk also takes TCP on the same port, so requests over the UDP size
     *                limit may switch to TCP (RFC 3261 section 18.1.1)
     * @param tls     a TLS trunk's {@code tls.caFile}, read; null: the JDK's trust store
     */
    public record Trunk(boolean enabled, String host, String address, int port, String transport, boolean tcp,
            org.opensbc.rules.model.TrunkSpec.Tls tls) { }

    /**
     * The media relay that anchors calls' RTP.
     *
     * @param address             where its sockets listen ("::": both families)
     * @param advertisedAddress   the IP literal put in SDP (1:1 NAT: the public one)
     * @param advertisedAddressV6 the IPv6 literal put in SDP towards IPv6 peers; empty: decided at start
     * @param firstPort           even start of the RTP port range (each stream side takes RTP and RTP+1)
     * @param lastPort            inclusive end of the range
     * @param timeoutSeconds      an answered call without RTP/RTCP this long is ended; 0: never
     * @param transcoding         when the relay transcodes (Opus, PCMU, PCMA)
     * @param opusLibrary         which Opus implementation: native libopus, Concentus, or the first that loads
     * @param dtmf                how digits cross between SIP INFO and RFC 4733
     */
    public record Media(boolean enabled, String address, String advertisedAddress, String advertisedAddressV6,
            int firstPort, int lastPort, int timeoutSeconds, TranscodingPolicy transcoding,
            OpusLoader.Preference opusLibrary, Dtmf dtmf) { }

    /**
     * DTMF interworking ({@code media.dtmf}).
     *
     * @param infoToRfc4733   SIP INFO digits (application/dtmf-relay, JsSIP's default) towards a
     *                        phone or trunk that agreed to telephone-event are played to it as RFC
     *                        4733 events and answered by the gateway; false: the INFO is relayed
     * @param towardsBrowsers how a phone's RFC 4733 digits reach a browser: by SIP INFO (what a
     *                        JsSIP page sees as newDTMF) or in RTP
     */
    public record Dtmf(boolean infoToRfc4733, DtmfDelivery towardsBrowsers) { }

    /**
     * One SIP user. Exactly one of password and ha1 is set, or neither: a demo user whose password
     * the gateway generates at first start.
     */
    public record UserEntry(String username, String password, String ha1) {
        public boolean needsGeneratedPassword() {
            return password == null && ha1 == null;
        }
    }
}
