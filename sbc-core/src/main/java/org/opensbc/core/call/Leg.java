package org.opensbc.core.call;

/**
 * Names one leg of a call in events and actions: the caller's, or a fork by its index (the
 * order the forks were started in; the answered callee is one of them).
 */
public record Leg(int fork) {

    public static final Leg CALLER = new Leg(-1);

    public Leg {
        if (fork < -1) {
            throw new IllegalArgumentException("fork index " + fork);
        }
    }

    public static Leg fork(int index) {
        return new Leg(index);
    }

    public boolean isCaller() {
        return fork < 0;
    }
}
