package org.opensbc.rules;

/** The one routing decision point; a rules engine replaces the simple implementation behind it. */
@FunctionalInterface
public interface Router {
    RouteDecision route(RequestFacts facts);
}
