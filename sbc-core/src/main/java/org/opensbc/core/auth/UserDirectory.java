package org.opensbc.core.auth;

import java.util.Map;

/** Who may register, as HA1 hashes for one realm. Immutable; replaced whole on reload. */
public final class UserDirectory {

    private final String realm;
    private final Map<String, String> ha1ByUser;

    public UserDirectory(String realm, Map<String, String> ha1ByUser) {
        this.realm = realm;
        this.ha1ByUser = Map.copyOf(ha1ByUser);
    }

    public String realm() {
        return realm;
    }

    /** HA1 of the user, or null for an unknown user. */
    public String ha1(String username) {
        return ha1ByUser.get(username);
    }

    public int size() {
        return ha1ByUser.size();
    }
}
