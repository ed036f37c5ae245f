package org.opensbc.rules;

/**
 * One rule routing looked at: whether it matched and, when not, the first condition that did not
 * hold and what the request had instead ("requestUser starts with +1900: was '+4420...'").
 */
public record TraceStep(String rule, int line, boolean matched, String detail) {

    @Override
    public String toString() {
        return (matched ? "MATCH " : "skip  ") + rule + " (line " + line + "): " + detail;
    }
}
