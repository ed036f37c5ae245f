package org.opensbc.rules;

/**
 * The one routing decision point: the gateway asks it about every new call. Implementations
 * evaluate the rule set in force at that moment (a reload swaps it between two calls, never
 * during one evaluation).
 */
@FunctionalInterface
public interface Router {
    Evaluation route(RequestFacts facts);
}
