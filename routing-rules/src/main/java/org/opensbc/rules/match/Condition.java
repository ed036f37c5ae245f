package org.opensbc.rules.match;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.opensbc.rules.Environment;
import org.opensbc.rules.RequestFacts;

/** One test a rule's match makes; a rule matches when all its conditions hold. */
public sealed interface Condition {

    boolean test(RequestFacts facts, Environment env);

    /**
     * Every request {@code other} lets through, this lets through too (same kind, wider or
     * equal). Used to find rules an earlier rule makes unreachable; false when unsure.
     */
    boolean covers(Condition other);

    /** "requestUser starts with +1900", for traces and errors. */
    String describe();

    /** What the request had, for the trace of a condition that did not hold. */
    String actual(RequestFacts facts);

    record OnField(Field field, TextMatch match) implements Condition {
        @Override
        public boolean test(RequestFacts facts, Environment env) {
            return match.test(field.of(facts), env);
        }

        @Override
        public boolean covers(Condition other) {
            return other instanceof OnField f && f.field == field && match.covers(f.match);
        }

        @Override
        public String describe() {
            return field.key() + " " + match.describe();
        }

        @Override
        public String actual(RequestFacts facts) {
            return "'" + field.of(facts) + "'";
        }
    }

    record Method(Set<String> methods) implements Condition {
        @Override
        public boolean test(RequestFacts facts, Environment env) {
            return methods.contains(facts.method());
        }

        @Override
        public boolean covers(Condition other) {
            return other instanceof Method m && methods.containsAll(m.methods);
        }

        @Override
        public String describe() {
            return "method in " + methods;
        }

        @Override
        public String actual(RequestFacts facts) {
            return facts.method();
        }
    }

    /** The listener (transport) the request came in on. */
    record Transport(Set<String> transports) implements Condition {
        @Override
        public boolean test(RequestFacts facts, Environment env) {
            return transports.contains(facts.transport());
        }

        @Override
        public boolean covers(Condition other) {
            return other instanceof Transport t && transports.containsAll(t.transports);
        }

        @Override
        public String describe() {
            return "listener in " + transports;
        }

        @Override
        public String actual(RequestFacts facts) {
            return facts.transport();
        }
    }

    record SourceCidr(List<Cidr> networks) implements Condition {
        @Override
        public boolean test(RequestFacts facts, Environment env) {
            for (Cidr c : networks) {
                if (c.contains(facts.sourceAddress())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean covers(Condition other) {
            return other instanceof SourceCidr s
                    && s.networks.stream().allMatch(o -> networks.stream().anyMatch(n -> n.covers(o)));
        }

        @Override
        public String describe() {
            return "source in " + networks;
        }

        @Override
        public String actual(RequestFacts facts) {
            return facts.sourceAddress();
        }
    }

    /** The request came from one of these trunks; an empty set means from any trunk. */
    record SourceTrunk(Set<String> trunks) implements Condition {
        @Override
        public boolean test(RequestFacts facts, Environment env) {
            return facts.fromTrunk() && (trunks.isEmpty() || trunks.contains(facts.sourceTrunk()));
        }

        @Override
        public boolean covers(Condition other) {
            return other instanceof SourceTrunk t && (trunks.isEmpty() || (!t.trunks.isEmpty() && trunks.containsAll(t.trunks)));
        }

        @Override
        public String describe() {
            return trunks.isEmpty() ? "from any trunk" : "from trunk " + String.join(" or ", trunks);
        }

        @Override
        public String actual(RequestFacts facts) {
            return facts.fromTrunk() ? "trunk " + facts.sourceTrunk() : "not a trunk";
        }
    }

    record Authenticated(boolean expected) implements Condition {
        @Override
        public boolean test(RequestFacts facts, Environment env) {
            return facts.authenticated() == expected;
        }

        @Override
        public boolean covers(Condition other) {
            return other.equals(this);
        }

        @Override
        public String describe() {
            return expected ? "caller authenticated" : "caller not authenticated";
        }

        @Override
        public String actual(RequestFacts facts) {
            return facts.authenticated() ? "authenticated" : "not authenticated";
        }
    }

    /** A header (name in any case) whose first value matches a regular expression. */
    record Header(String name, Pattern pattern) implements Condition {
        @Override
        public boolean test(RequestFacts facts, Environment env) {
            String value = facts.header(name);
            return value != null && pattern.matcher(value).matches();
        }

        @Override
        public boolean covers(Condition other) {
            return other instanceof Header h && h.name.equalsIgnoreCase(name) && h.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public String describe() {
            return "header " + name + " matches /" + pattern.pattern() + "/";
        }

        @Override
        public String actual(RequestFacts facts) {
            String value = facts.header(name);
            return value == null ? "absent" : "'" + value + "'";
        }
    }
}
