package org.opensbc.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.opensbc.sip.spi.FlowListener;
import org.opensbc.sip.spi.FlowTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIP over WebSocket (WS or WSS) served by Netty and handed to the SIP stack as flows. */
public final class WebSocketFlowTransport implements FlowTransport {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFlowTransport.class);

    private final WebSocketSettings settings;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public WebSocketFlowTransport(WebSocketSettings settings) {
        this.settings = settings;
    }

    @Override
    public String transport() {
        return settings.transport();
    }

    @Override
    public synchronized InetSocketAddress start(FlowListener listener) throws IOException {
        SslContext ssl = settings.secure() ? sslContext() : null;
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new SipWebSocketInitializer(settings, ssl, listener));
        try {
            serverChannel = bootstrap.bind(settings.bind()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + settings.bind(), e);
        } catch (RuntimeException e) {
            stop();
            throw new IOException("cannot listen for " + transport() + " on " + settings.bind() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("SIP over {} listening on {}", transport(), bound);
        return bound;
    }

    /**
     * The JDK's TLS (not OpenSSL, should netty-tcnative ever join the class path): it asks the key
     * manager at every handshake, so a certificate reloaded there serves the next connection.
     */
    private SslContext sslContext() throws IOException {
        try {
            return SslContextBuilder.forServer(settings.keyManager())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot set up TLS for " + transport() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            bossGroup = null;
            workerGroup = null;
        }
    }
}
