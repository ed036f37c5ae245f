package org.opensbc.sip.guard;

/** Decides, before any transaction exists, whether a source address is refused outright. */
@FunctionalInterface
public interface SourceFilter {

    boolean isBlocked(String sourceAddress);

    SourceFilter NONE = source -> false;
}
