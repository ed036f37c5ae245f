package org.opensbc.rules;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The fixed decision used until operator rules exist: local users by name, telephone numbers and
 * foreign domains to the one default trunk, nothing from the trunk back to the trunk.
 */
public final class DefaultTrunkRouter implements Router {

    /** A dialled number: digits with an optional leading +, and the keypad's * and #. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]+");

    private final Predicate<String> localDomain;
    private final Predicate<String> knownUser;
    private final String trunk;

    /** @param trunk name of the default trunk, or null when none is configured */
    public DefaultTrunkRouter(Predicate<String> localDomain, Predicate<String> knownUser, String trunk) {
        this.localDomain = localDomain;
        this.knownUser = knownUser;
        this.trunk = trunk;
    }

    @Override
    public RouteDecision route(RequestFacts facts) {
        boolean local = localDomain.test(facts.toHost());
        if (local && knownUser.test(facts.toUser())) {
            return new RouteDecision.LocalUser(facts.toUser() + "@" + facts.toHost());
        }
        boolean forTrunk = !local || NUMBER.matcher(facts.toUser()).matches();
        if (!forTrunk || trunk == null) {
            return new RouteDecision.Reject(404, "Not Found");
        }
        if (facts.fromTrunk()) {
            // never relay a trunk's call back out: that is how toll fraud loops start
            return new RouteDecision.Reject(403, "Forbidden");
        }
        return new RouteDecision.Trunk(trunk);
    }
}
