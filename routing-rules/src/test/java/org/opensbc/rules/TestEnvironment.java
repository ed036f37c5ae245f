package org.opensbc.rules;

import java.util.Set;

/** The gateway the tests pretend to be: domain sbc.example.com, users alice and bob. */
final class TestEnvironment implements Environment {

    static final TestEnvironment INSTANCE = new TestEnvironment();

    @Override
    public boolean isLocalDomain(String domain) {
        return domain.equals("sbc.example.com");
    }

    @Override
    public boolean isKnownUser(String user) {
        return Set.of("alice", "bob").contains(user);
    }
}
