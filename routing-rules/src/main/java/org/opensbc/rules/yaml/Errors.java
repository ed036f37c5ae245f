package org.opensbc.rules.yaml;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.opensbc.rules.RuleError;

/**
 * The mistakes found while reading one file: reading goes on after one, so all are reported at
 * once. The same mistake at the same place counts once (a value that is not a mapping is reported
 * by every lookup in it). Confined to the thread reading the file.
 */
public final class Errors {

    private final String file;
    private final Set<RuleError> found = new LinkedHashSet<>();

    public Errors(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(int line, int column, String message) {
        found.add(new RuleError(file, line, column, message));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<RuleError> list() {
        return List.copyOf(found);
    }
}
