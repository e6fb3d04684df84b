package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.fraud.FraudSettings;
import io.orderhook.fraud.Screening;
import io.orderhook.retry.DueRetries;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.DebugLogStore.LogEntry;
import io.orderhook.store.FraudStore;
import io.orderhook.testkit.minfraud.MinFraudFault;
import io.orderhook.testkit.minfraud.MinFraudSandbox;
import io.orderhook.testkit.woocommerce.NewOrder;

/**
 * Fraud screening as a merchant meets it: the shop's checkout, the receiver, the processor with
 * its screening at the minFraud sandbox over HTTP, the Billmate sandbox and the shop's notes.
 */
class FraudScreeningEndToEndTest {
    private static final String RISKY_IP = "203.0.113.66";
    private static final String SAFE_IP = "198.51.100.7";
    private static final String EMAIL = "anna.andersson@example.com";
    private final EndToEnd e2e = new EndToEnd();
    private final MinFraudSandbox minfraud = e2e.backend.minfraud().scoreIp(RISKY_IP, 87.5).scoreIp(SAFE_IP, 0.5);
    private final FraudStore screenings = e2e.backend.wiring().fraud();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void aHighRiskOrderGoesToFraudAndItsReservationIsCancelledOnce() {
        e2e.shop.registerStatus("fraud", "Fraud");
        screening(true);

        String[] order = e2e.checkout(order(RISKY_IP));

        assertEquals("fraud", e2e.shop.status(order[0]));
        assertEquals("Cancelled", e2e.paymentStatus(order[1]), "no money held for it");
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        assertFalse(e2e.activated(order[1]), "a completion later captures nothing of a fraudulent order");
        assertEquals(1, e2e.sandbox.calls("cancelPayment", order[1]));
        assertEquals(0, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals(List.of("reservation-seen done", "cancel done"), ledger(order[0]));
        assertEquals(1, minfraud.requests().size(), "screened once");
        Screening kept = screenings.find(EndToEnd.SHOP, order[0]).orElseThrow();
        assertEquals(Screening.Status.FRAUD, kept.status());
        assertEquals(87.5, kept.riskScore());
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("MaxMind minFraud risk score 87.50 is above the shop's fraud"
                + " threshold 20.00 (IP risk 87.50; weighed most: ip_tenure 87.5")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("successfully cancelled")), notes.toString());
    }

    @Test
    void aLowRiskOrderIsCapturedNormally() {
        screening(true);

        String[] order = e2e.checkout(order(SAFE_IP));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertTrue(e2e.activated(order[1]));
        assertEquals("completed", e2e.shop.status(order[0]));
        assertEquals(Screening.Status.CLEAR, screenings.find(EndToEnd.SHOP, order[0]).orElseThrow().status());
        assertFalse(e2e.notesFromOrderhook(order[0]).stream().anyMatch(n -> n.contains("minFraud")),
                "under the threshold with the debug log off: no note");
        assertEquals(1, minfraud.requests().size());
    }

    @Test
    void minFraudDownDelaysOnlyTheScreening() {
        screening(true);
        minfraud.inject("factors", 1, MinFraudFault.serverError(503));

        String[] order = e2e.checkout(order(RISKY_IP));

        Screening waiting = screenings.find(EndToEnd.SHOP, order[0]).orElseThrow();
        assertEquals(Screening.Status.WAITING, waiting.status());
        assertTrue(waiting.problem().contains("503"), waiting.problem());
        assertEquals("Created", e2e.paymentStatus(order[1]), "the reservation stands; the payment work went on");
        assertEquals(List.of("reservation-seen done"), ledger(order[0]));

        DueRetries job = e2e.backend.wiring().dueRetries();
        assertEquals(0, job.run(e2e.clock.instant()).counts().get("due"), "nothing is due before the first wait");
        e2e.clock.advance(Duration.ofMinutes(5));
        assertEquals(1, job.run(e2e.clock.instant()).counts().get("woken"));
        e2e.settle();

        assertEquals(Screening.Status.FRAUD, screenings.find(EndToEnd.SHOP, order[0]).orElseThrow().status());
        assertEquals("Cancelled", e2e.paymentStatus(order[1]));
        assertEquals(0, job.run(e2e.clock.instant().plus(Duration.ofDays(1))).counts().get("due"), "no screening left to try");
    }

    @Test
    void anUnscreenedOrderWaitsForItsScreeningBeforeItIsCapturedWhenTheShopSaysSo() {
        e2e.settings(current().withFraud(new FraudSettings(true, 20, java.util.Set.of(), "fraud", false,
                current().fraud().accountId(), current().fraud().licenseKeyRef(), current().fraud().endpoint())));
        minfraud.queriesRemaining(0);

        String[] order = e2e.checkout(order(SAFE_IP));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        assertFalse(e2e.activated(order[1]), "402 INSUFFICIENT_FUNDS: not screened, so not captured yet");

        minfraud.queriesRemaining(100);
        e2e.clock.advance(Duration.ofMinutes(5));
        e2e.backend.wiring().dueRetries().run(e2e.clock.instant());
        e2e.settle();
        assertTrue(e2e.activated(order[1]), "captured once the screening came back clear");
    }

    @Test
    void withTheDebugLogOnNeitherTheLogNorAnyLogLineHoldsTheEmailOrIp() {
        screening(true);
        e2e.settings(true, "completed");

        String[] order = e2e.checkout(order(SAFE_IP));

        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("MaxMind minFraud risk score 0.50")), notes.toString());
        List<LogEntry> entries = e2e.logs.forOrder(EndToEnd.SHOP, order[0]);
        LogEntry screeningEntry = entries.stream().filter(l -> l.call().equals("minfraud.factors")).findFirst().orElseThrow();
        assertTrue(screeningEntry.request().contains("device.ip_address"), "the fields sent are named: " + screeningEntry);
        for (String personal : List.of(SAFE_IP, EMAIL, "Andersson")) {
            for (LogEntry entry : entries) {
                assertFalse(String.valueOf(entry.request()).contains(personal) || String.valueOf(entry.response()).contains(personal),
                        personal + " in the debug log: " + entry);
            }
            for (String line : e2e.processorLog) {
                assertFalse(line.contains(personal), personal + " in a log line: " + line);
            }
        }
        assertFalse(minfraud.requests().get(0).body().toString().contains(EMAIL), "the address went only as its hash");
    }

    private ShopSettings current() {
        return e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
    }

    private void screening(boolean on) {
        e2e.settings(current().withFraud(current().fraud().withEnabled(on)));
    }

    private static NewOrder order(String ip) {
        return NewOrder.paidWith("bco").customerIp(ip).product("MUG", "Mug", 2, "100.00").shipping("Postnord", "49.00")
                .billing("first_name", "Anna").billing("last_name", "Andersson");
    }

    private List<String> ledger(String orderId) {
        return e2e.ledger(orderId).stream().map(e -> e.operation().wireName() + " " + e.result().wireName()).toList();
    }
}
