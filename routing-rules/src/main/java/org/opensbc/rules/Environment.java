package org.opensbc.rules;

/**
 * What rules may ask of the running gateway without knowing it: which domains are its own and
 * which users it has. The CLI and tests pass their own.
 */
public interface Environment {

    boolean isLocalDomain(String domain);

    boolean isKnownUser(String user);

    /** Nothing is local, nobody is known. */
    Environment NONE = new Environment() {
        @Override
        public boolean isLocalDomain(String domain) {
            return false;
        }

        @Override
        public boolean isKnownUser(String user) {
            return false;
        }
    };
}
