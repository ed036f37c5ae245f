package org.opensbc.core.config;

import java.util.List;
import java.util.stream.Collectors;
import org.opensbc.rules.RuleError;

/** A configuration that cannot be used: every mistake found, each naming the file, line, column and key. */
public final class ConfigException extends Exception {

    private final List<RuleError> errors;

    public ConfigException(String message) {
        super(message);
        this.errors = List.of();
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.errors = List.of();
    }

    /** @param errors every mistake, one per line of the message, in the order given */
    public ConfigException(List<RuleError> errors) {
        super(errors.stream().map(RuleError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The mistakes with their positions (empty for a file that is missing altogether). */
    public List<RuleError> errors() {
        return errors;
    }
}
