package org.opensbc.rules.match;

import java.util.function.Function;
import org.opensbc.rules.RequestFacts;

/** The text fields of a request that rules match on, with their names in routing.yaml. */
public enum Field {

    REQUEST_USER("requestUser", RequestFacts::requestUser),
    REQUEST_DOMAIN("requestDomain", RequestFacts::requestDomain),
    FROM_USER("fromUser", RequestFacts::fromUser),
    FROM_DOMAIN("fromDomain", RequestFacts::fromDomain),
    TO_USER("toUser", RequestFacts::toUser),
    TO_DOMAIN("toDomain", RequestFacts::toDomain);

    private final String key;
    private final Function<RequestFacts, String> value;

    Field(String key, Function<RequestFacts, String> value) {
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public String of(RequestFacts facts) {
        return value.apply(facts);
    }

    public boolean isDomain() {
        return key.endsWith("Domain");
    }
}
