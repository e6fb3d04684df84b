package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code orderhook demo} against a local stack in this JVM, its output captured as a CI log captures it. */
class DemoCommandTest {
    private static LocalBackend backend;

    @BeforeAll
    static void start() {
        backend = LocalBackend.start(LocalOptions.forTests().outboxInterval(java.time.Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void theDemoGivesEveryProceduresNoteAndWritesPlainLinesWhenStdoutIsNotATerminal() {
        LocalStackSteps.CliRun run = LocalStackSteps.orderhook("demo", "--url", backend.baseUrl().toString());

        String shown = run.out();
        assertEquals(0, run.status(), shown + run.err());
        List<String> lines = shown.lines().toList();
        assertEquals(List.of("[1/4] Cancel an order", "[2/4] Update an order (on hold, edit the lines, back to processing)",
                "[3/4] Activate an order (complete it)", "[4/4] Refund an order (one mug, then the rest)"),
                lines.stream().filter(l -> l.startsWith("[")).toList(), "each procedure is announced as it starts");
        assertEquals(4, lines.stream().filter(l -> l.equals("    OK")).count(), shown);
        for (String note : List.of("Billmate reservation was successfully cancelled.", "Billmate order was successfully updated",
                "Billmate reservation was successfully activated.", "successfully refunded: 125.00 SEK",
                "successfully refunded: 286.25 SEK")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("orderhook note on order") && l.contains(note)), note + " in\n" + shown);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("    ... merchant sets the status to Cancelled and saves")), shown);
        assertTrue(lines.stream().anyMatch(l -> l.matches("    waiting for orderhook's note\\.*")), shown);
        assertEquals("All four procedures gave the notes the merchant expects.", lines.get(lines.size() - 1));
        assertFalse(shown.chars().anyMatch(c -> c == '\r' || c == '\u001b'), "no control characters in a log");
        assertEquals("", run.err());
    }

    @Test
    void theDemoRunsTheProceduresWithKlarnaAndStripePaymentMethodsOfTheSameShop() {
        LocalStackSteps.CliRun run = LocalStackSteps.orderhook("demo", "--provider", "all", "--url", backend.baseUrl().toString());

        String shown = run.out();
        assertEquals(0, run.status(), shown + run.err());
        List<String> lines = shown.lines().toList();
        assertEquals(List.of("== Billmate Checkout (payment method bco)", "== Klarna Checkout (payment method kco)",
                "== Stripe (payment method stripe)"), lines.stream().filter(l -> l.startsWith("==")).toList());
        assertEquals(12, lines.stream().filter(l -> l.equals("    OK")).count(), shown);
        for (String note : List.of("Klarna reservation was successfully cancelled.", "Klarna order was successfully updated",
                "Klarna Checkout order was successfully refunded: 125.00 SEK", "Stripe reservation was successfully activated.",
                "Stripe order was successfully refunded: 125.00 SEK")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("orderhook note on order") && l.contains(note)), note + " in\n" + shown);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(" klarna ") && l.contains("is CAPTURED")), shown);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" stripe ") && l.contains("is canceled")), shown);
    }

    @Test
    void anUnknownProviderIsRefusedWithTheOnesThereAre() {
        LocalStackSteps.CliRun run = LocalStackSteps.orderhook("demo", "--provider", "paypal", "--url", backend.baseUrl().toString());

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--provider takes billmate, klarna, stripe or all, not 'paypal'"), run.err());
    }
}
