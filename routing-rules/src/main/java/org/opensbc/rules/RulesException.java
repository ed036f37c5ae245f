package org.opensbc.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file that cannot be used: every mistake found in it, in file order. */
public final class RulesException extends Exception {

    private final List<RuleError> errors;

    public RulesException(List<RuleError> errors) {
        super(errors.stream().sorted().map(RuleError::toString).collect(Collectors.joining("\n")));
        this.errors = errors.stream().sorted().toList();
    }

    public List<RuleError> errors() {
        return errors;
    }
}
