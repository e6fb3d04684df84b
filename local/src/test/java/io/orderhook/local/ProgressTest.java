package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The progress display of long commands, on a terminal and in a log. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void show(Progress progress) {
        progress.stage("[1/4] Cancel an order");
        progress.step("order 1001 placed, payment 1000235 reserved");
        progress.waitFor("waiting for orderhook's note");
        progress.poll();
        progress.poll();
        progress.waited();
        progress.line("    OK");
    }

    @Test
    void withoutATerminalEveryStageAndStepIsAPlainLineWithoutControlCharacters() {
        try (Progress progress = Progress.on(Terminal.plain(out, out))) {
            show(progress);
        }

        assertEquals("""
                [1/4] Cancel an order
                    ... order 1001 placed, payment 1000235 reserved
                    waiting for orderhook's note..
                    OK
                """, output());
    }

    @Test
    void onATerminalTheStepsShareOneStatusLineThatIsGoneWhenTheCommandEnds() throws Exception {
        try (Progress progress = Progress.on(new Terminal(out, out, true))) {
            show(progress);
            progress.step("merchant sets the status to Cancelled and saves");
            Thread.sleep(250); // the status line is redrawn every 100 ms
        }

        String shown = output();
        assertTrue(shown.contains("[1/4] Cancel an order\n"), "the stage stays: " + shown);
        assertTrue(shown.contains("    OK\n"), "lines stay: " + shown);
        // Any frame of the spinner: which one is drawn first depends on when the redraw timer ran.
        assertTrue(shown.matches("(?s).*\r\033\\[K[/\\-\\\\|] \\[1/4] Cancel an order: order 1001 placed, payment 1000235 reserved \\(\\d+ s\\).*"),
                "the step is in the status line: " + shown);
        assertTrue(shown.matches("(?s).*\r\033\\[K[/\\-\\\\|] \\[1/4] Cancel an order: merchant sets the status .*"),
                "the spinner turns: " + shown);
        assertTrue(!shown.contains("    ... ") && !shown.contains(".."), "no plain step lines or dots: " + shown);
        assertTrue(shown.endsWith("\r\033[K"), "the status line is erased at the end: " + shown);
    }
}
