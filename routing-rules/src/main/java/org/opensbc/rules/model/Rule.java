package org.opensbc.rules.model;

import java.util.List;
import org.opensbc.rules.match.Condition;

/**
 * One routing rule: if every condition holds, rewrite, edit headers and go to the target.
 *
 * @param line   where the rule starts in its file (for errors and traces)
 */
public record Rule(String name, int line, int column, List<Condition> conditions, Rewrite rewrite, HeaderEdits headers,
        Target target) {
}
