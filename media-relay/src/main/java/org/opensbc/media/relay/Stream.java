package org.opensbc.media.relay;

/** One m= line of the call, anchored: the endpoint facing each side, wired to each other. */
final class Stream implements AutoCloseable {

    final String media;
    final MediaEndpoint caller;
    final MediaEndpoint callee;

    Stream(String media, MediaEndpoint caller, MediaEndpoint callee) {
        this.media = media;
        this.caller = caller;
        this.callee = callee;
        caller.pairWith(callee);
        callee.pairWith(caller);
    }

    private PayloadTypes callerTypes;
    private PayloadTypes calleeTypes;

    /** A side declared its payload types for this line: each side now receives its own numbers. */
    void declared(Side side, PayloadTypes types) {
        if (side == Side.CALLER) {
            callerTypes = types;
        } else {
            calleeTypes = types;
        }
        caller.outgoing().declare(PayloadTypes.mapping(calleeTypes, callerTypes), PayloadTypes.clockRates(callerTypes));
        callee.outgoing().declare(PayloadTypes.mapping(callerTypes, calleeTypes), PayloadTypes.clockRates(calleeTypes));
    }

    /** What {@code side} last declared for this line, or null. */
    PayloadTypes declaredBy(Side side) {
        return side == Side.CALLER ? callerTypes : calleeTypes;
    }

    MediaEndpoint facing(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    @Override
    public void close() {
        caller.close();
        callee.close();
    }
}
