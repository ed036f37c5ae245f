package org.opensbc.rules;

/**
 * One mistake in a rules file, where an operator will look for it: {@code routing.yaml:12:9: ...}.
 * Lines and columns count from 1; 0 where the position is unknown.
 */
public record RuleError(String file, int line, int column, String message) implements Comparable<RuleError> {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(RuleError other) {
        int byLine = Integer.compare(line, other.line);
        return byLine != 0 ? byLine : Integer.compare(column, other.column);
    }
}
