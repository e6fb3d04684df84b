package io.orderhook.local;

import java.io.PrintStream;

/**
 * Where a command writes: its output, its messages, and whether a person watches it on a
 * terminal (a live progress line) or a pipe or a CI log records it (plain lines only).
 */
record Terminal(PrintStream out, PrintStream err, boolean interactive) {
    /** The process's own streams; interactive when both ends are a terminal that understands ANSI. */
    static Terminal system() {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM")) && System.getenv("CI") == null;
        return new Terminal(System.out, System.err, terminal);
    }

    /** Captured streams, never interactive: for tests. */
    static Terminal plain(PrintStream out, PrintStream err) {
        return new Terminal(out, err, false);
    }
}
