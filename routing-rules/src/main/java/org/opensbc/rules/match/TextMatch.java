package org.opensbc.rules.match;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.opensbc.rules.Environment;

/**
 * How one text field of a request is matched: a value matches when any alternative holds.
 * Regular expressions match the whole value (as Java's {@code Pattern.matches}).
 */
public record TextMatch(List<Alternative> alternatives) {

    /** One way of matching. */
    public sealed interface Alternative {
        boolean test(String value, Environment env);

        /** Every value {@code other} matches, this matches too (see {@link TextMatch#covers}). */
        boolean covers(Alternative other);

        String describe();
    }

    public record Exact(Set<String> values) implements Alternative {
        @Override
        public boolean test(String value, Environment env) {
            return values.contains(value);
        }

        @Override
        public boolean covers(Alternative other) {
            return other instanceof Exact e && values.containsAll(e.values);
        }

        @Override
        public String describe() {
            return values.size() == 1 ? "is " + values.iterator().next() : "is one of " + values;
        }
    }

    public record Prefix(List<String> prefixes) implements Alternative {
        @Override
        public boolean test(String value, Environment env) {
            for (String p : prefixes) {
                if (value.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean covers(Alternative other) {
            if (other instanceof Exact e) {
                return e.values.stream().allMatch(v -> test(v, Environment.NONE));
            }
            return other instanceof Prefix p && p.prefixes.stream().allMatch(q -> test(q, Environment.NONE));
        }

        @Override
        public String describe() {
            return prefixes.size() == 1 ? "starts with " + prefixes.get(0) : "starts with one of " + prefixes;
        }
    }

    public record Regex(Pattern pattern) implements Alternative {
        @Override
        public boolean test(String value, Environment env) {
            return pattern.matcher(value).matches();
        }

        @Override
        public boolean covers(Alternative other) {
            if (other instanceof Exact e) {
                return e.values.stream().allMatch(v -> test(v, Environment.NONE));
            }
            return other instanceof Regex r && r.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public String describe() {
            return "matches /" + pattern.pattern() + "/";
        }
    }

    /** A domain the gateway serves (or, with {@code expected} false, one it does not). */
    public record Local(boolean expected) implements Alternative {
        @Override
        public boolean test(String value, Environment env) {
            return env.isLocalDomain(value) == expected;
        }

        @Override
        public boolean covers(Alternative other) {
            return other.equals(this);
        }

        @Override
        public String describe() {
            return expected ? "is a local domain" : "is not a local domain";
        }
    }

    /** A user of the gateway's (or, with {@code expected} false, not one). */
    public record Known(boolean expected) implements Alternative {
        @Override
        public boolean test(String value, Environment env) {
            return env.isKnownUser(value) == expected;
        }

        @Override
        public boolean covers(Alternative other) {
            return other.equals(this);
        }

        @Override
        public String describe() {
            return expected ? "is a known user" : "is not a known user";
        }
    }

    public boolean test(String value, Environment env) {
        for (Alternative a : alternatives) {
            if (a.test(value, env)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every value {@code other} matches, this matches too: each of its alternatives is within
     * one of ours. Conservative: false when it cannot tell (two different expressions).
     */
    public boolean covers(TextMatch other) {
        return other.alternatives.stream().allMatch(o -> alternatives.stream().anyMatch(a -> a.covers(o)));
    }

    /** Only exact values and non-empty prefixes: what a prefix index can find. */
    public boolean isIndexable() {
        return alternatives.stream().allMatch(a -> a instanceof Exact
                || (a instanceof Prefix p && p.prefixes.stream().noneMatch(String::isEmpty)));
    }

    public String describe() {
        return alternatives.stream().map(Alternative::describe).collect(Collectors.joining(" or "));
    }
}
