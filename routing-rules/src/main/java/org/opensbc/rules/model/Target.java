package org.opensbc.rules.model;

/** What a matching rule does with the request. */
public sealed interface Target {

    /** To the registered contacts of the Request-URI's user at its (local) domain. */
    record User() implements Target { }

    /** To one trunk. */
    record Trunk(String name) implements Target { }

    /** To a trunk group: ordered failover or weighted balancing. */
    record Group(String name) implements Target { }

    /** Refuse with a 3xx-6xx status and reason phrase. */
    record Reject(int status, String reason) implements Target { }
}
