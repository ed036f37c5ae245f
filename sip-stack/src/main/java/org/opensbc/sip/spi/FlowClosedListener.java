package org.opensbc.sip.spi;

/** Told when a connection-oriented flow (WebSocket) has gone, so state bound to it can go too. */
@FunctionalInterface
public interface FlowClosedListener {
    void flowClosed(FlowKey flow);
}
