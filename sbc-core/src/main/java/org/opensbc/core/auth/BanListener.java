package org.opensbc.core.auth;

/** Told when a source is banned (or its ban renewed), so the ban can be kept across restarts and nodes. */
@FunctionalInterface
public interface BanListener {

    BanListener NONE = (source, millis) -> { };

    /** @param source the source address as text; @param durationMillis how long from now */
    void banned(String source, long durationMillis);
}
