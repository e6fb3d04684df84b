package io.orderhook.local;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a long command is doing. On a terminal: one status line at the bottom (spinner, stage,
 * current step, seconds in the stage), redrawn in place ten times a second beneath the lines
 * that stay. Anywhere else (a pipe, a CI log): the same stages and steps as plain lines without
 * control characters, and a dot per poll while waiting.
 */
final class Progress implements AutoCloseable {
    private static final String SPINNER = "|/-\\";
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintStream out;
    private final ScheduledExecutorService redraw;
    private final int width;
    private String stage = "";
    private String step = "";
    private long stageStarted = System.nanoTime();
    private int frame;
    private boolean statusShown;

    private Progress(PrintStream out, boolean live) {
        this.out = out;
        this.width = columns();
        if (live) {
            redraw = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "orderhook-progress");
                thread.setDaemon(true);
                return thread;
            });
            redraw.scheduleAtFixedRate(this::redraw, 100, 100, TimeUnit.MILLISECONDS);
        } else {
            redraw = null;
        }
    }

    static Progress on(Terminal terminal) {
        return new Progress(terminal.out(), terminal.interactive());
    }

    /** A line that stays. */
    synchronized void line(String text) {
        clearStatus();
        out.println(text);
        showStatus();
    }

    /** A line that stays and names what follows, e.g. "[2/4] Update an order". */
    synchronized void stage(String title) {
        step = "";
        stageStarted = System.nanoTime();
        stage = title.strip();
        line(title);
    }

    /** What happens now: the status line on a terminal, an indented "... " line elsewhere. */
    synchronized void step(String text) {
        if (live()) {
            step = text;
            showStatus();
        } else {
            out.println("    ... " + text);
        }
    }

    /** Starts a wait for something that is polled; elsewhere the dots of {@link #poll()} follow the text. */
    synchronized void waitFor(String what) {
        if (live()) {
            step(what);
        } else {
            out.print("    " + what);
        }
    }

    synchronized void poll() {
        if (!live()) {
            out.print(".");
            out.flush();
        }
    }

    synchronized void waited() {
        if (live()) {
            step = "";
            showStatus();
        } else {
            out.println();
        }
    }

    @Override
    public synchronized void close() {
        if (redraw != null) {
            redraw.shutdownNow();
            clearStatus();
            out.flush();
        }
    }

    private boolean live() {
        return redraw != null;
    }

    private synchronized void redraw() {
        frame++;
        showStatus();
    }

    private void showStatus() {
        if (!live() || stage.isEmpty()) {
            return;
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stageStarted);
        String status = SPINNER.charAt(frame % SPINNER.length()) + " " + stage + (step.isEmpty() ? "" : ": " + step)
                + " (" + seconds + " s)";
        out.print(ERASE_LINE + (status.length() < width ? status : status.substring(0, width - 2) + "~"));
        out.flush();
        statusShown = true;
    }

    private void clearStatus() {
        if (statusShown) {
            out.print(ERASE_LINE);
            statusShown = false;
        }
    }

    /** The terminal's width as the shell exports it; 80 when it does not. */
    private static int columns() {
        try {
            return Math.max(20, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80")));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
