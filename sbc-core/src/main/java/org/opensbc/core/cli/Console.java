package org.opensbc.core.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Where the operator tools write: standard output, flushed per line (the gateway itself only logs). */
final class Console {

    private Console() {
    }

    static PrintWriter out() {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                true);
    }
}
