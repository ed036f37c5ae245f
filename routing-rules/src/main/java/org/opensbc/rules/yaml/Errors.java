package org.opensbc.rules.yaml;

import java.util.ArrayList;
import java.util.List;
import org.opensbc.rules.RuleError;

/** The mistakes found while reading one file: reading goes on after one, so all are reported at once. */
public final class Errors {

    private final String file;
    private final List<RuleError> list = new ArrayList<>();

    public Errors(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(int line, int column, String message) {
        list.add(new RuleError(file, line, column, message));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<RuleError> list() {
        return List.copyOf(list);
    }
}
