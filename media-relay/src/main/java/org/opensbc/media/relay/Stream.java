package org.opensbc.media.relay;

/** One m= line of the call, anchored: the endpoint facing each side, wired to each other. */
final class Stream implements AutoCloseable {

    final String media;
    final PlainEndpoint caller;
    final PlainEndpoint callee;

    Stream(String media, PlainEndpoint caller, PlainEndpoint callee) {
        this.media = media;
        this.caller = caller;
        this.callee = callee;
        caller.pairWith(callee);
        callee.pairWith(caller);
    }

    PlainEndpoint facing(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    @Override
    public void close() {
        caller.close();
        callee.close();
    }
}
