package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.ledger.LedgerEntry.Operation;
import io.orderhook.ledger.LedgerEntry.Result;
import io.orderhook.ledger.PaymentStatus;
import io.orderhook.retry.DueRetries;
import io.orderhook.schedule.ScheduledJob.Report;
import io.orderhook.shop.DeclineSettings;
import io.orderhook.shop.ShopSettings;
import io.orderhook.testkit.billmate.SandboxFault;
import io.orderhook.testkit.woocommerce.OrderNote;

/**
 * Declines as a merchant meets them: the shop completes an order, Billmate declines the capture,
 * and what happens next depends on whether the decline is for now (tried again on the shop's
 * schedule, the clock moved by the test, woken by the due-retries job) or for good.
 */
class DeclinesEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();
    private final DueRetries job = e2e.backend.wiring().dueRetries();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void aCaptureDeclinedForNowIsTriedOnTheScheduleAndGoesThroughOnTheThirdTry() {
        String[] order = e2e.checkout(2);
        // 5260: the card acquirer could not activate the card payment this time.
        e2e.sandbox.inject("activatePayment", 2, SandboxFault.error("5260"));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("failed", e2e.shop.status(order[0]), "the soft-decline status while the retry waits");
        assertFalse(e2e.activated(order[1]));
        assertEquals("failed", e2e.shop.meta(order[0]).get("_orderhook_payment_status"));
        assertEquals("failed", e2e.paymentStatusAgrees(order[0]));
        assertEquals(0, job.run(e2e.clock.instant()).counts().get("due"), "nothing is due before the first wait");

        e2e.clock.advance(Duration.ofHours(12));
        Report second = job.run(e2e.clock.instant());
        assertEquals(1, second.counts().get("woken"), second.toString());
        e2e.settle();
        assertEquals("failed", e2e.shop.status(order[0]));
        assertFalse(e2e.activated(order[1]));
        assertEquals(2, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals(0, job.run(e2e.clock.instant().plus(Duration.ofHours(11))).counts().get("due"),
                "the second wait (12 h) has not passed an hour short of it");

        e2e.clock.advance(Duration.ofHours(12));
        assertEquals(1, job.run(e2e.clock.instant()).counts().get("woken"));
        e2e.settle();

        assertTrue(e2e.activated(order[1]), "captured on the third try");
        assertEquals(3, e2e.sandbox.calls("activatePayment", order[1]), "one capture, after two declines");
        assertEquals("completed", e2e.shop.status(order[0]), "the merchant's status restored");
        assertEquals(0, job.run(e2e.clock.instant().plus(Duration.ofDays(30))).counts().get("due"), "no retry left");
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        List<String> declines = notes.stream().filter(n -> n.contains("declined the request to activate")).toList();
        assertEquals(2, declines.size(), notes.toString());
        assertTrue(declines.get(0).contains("5260") && declines.get(0).contains("will try again at"), declines.get(0));
        assertTrue(declines.get(0).contains("set to Failed"), declines.get(0));
        assertTrue(declines.get(1).contains("try 2"), declines.get(1));
        String done = notes.get(notes.size() - 1);
        assertTrue(done.contains("successfully activated") && done.contains("Try 3") && done.contains("Completed"), done);
        assertEquals(List.of("reservation-seen done", "capture refused", "capture refused", "capture done"),
                e2e.ledger(order[0]).stream().map(e -> e.operation().wireName() + " " + e.result().wireName()).toList());
        LedgerEntry capture = e2e.ledger(order[0]).get(3);
        assertEquals(e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax(), capture.amount());
        assertEquals(e2e.shop.meta(order[0]).get("_orderhook_activation_number"), capture.reference());
        assertEquals("complete", e2e.shop.meta(order[0]).get("_orderhook_payment_status"));
        assertEquals("complete", e2e.paymentStatusAgrees(order[0]));
    }

    @Test
    void aHardDeclineIsNotTriedAgainSetsTheHardStatusAndAsksTheCustomerToPayAnotherWay() {
        ShopSettings settings = e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
        DeclineSettings d = settings.declines();
        e2e.settings(settings.withDeclines(new DeclineSettings(d.retryHours(), d.softStatus(), d.hardStatus(),
                d.reviewStatus(), true, "pending", "Order {order}: pay {amount} here: {payment_url}")));
        String[] order = e2e.checkout(2);
        String paymentUrl = e2e.shop.order(order[0]).path("payment_url").asText();
        // 5206: the credit check denied the customer; no later try can change that.
        e2e.sandbox.inject("activatePayment", 1, SandboxFault.error("5206"));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("pending", e2e.shop.status(order[0]), "a status the customer can pay in");
        assertEquals(0, job.run(e2e.clock.instant().plus(Duration.ofDays(30))).counts().get("due"), "no retry");
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        List<OrderNote> toCustomer = e2e.shop.notes(order[0], OrderNote.Origin.REST_API).stream()
                .filter(OrderNote::customerNote).toList();
        assertEquals(1, toCustomer.size());
        assertTrue(toCustomer.get(0).note().startsWith("Order " + order[0] + ": pay ")
                && toCustomer.get(0).note().contains(paymentUrl), toCustomer.get(0).note());
        String merchant = e2e.notesFromOrderhook(order[0]).stream().filter(n -> n.contains("5206")).findFirst().orElseThrow();
        assertTrue(merchant.contains("Pending") || merchant.contains("pending"), merchant);
        assertEquals(PaymentStatus.Status.SUSPENDED.wireName(), e2e.shop.meta(order[0]).get("_orderhook_payment_status"));
        assertEquals(PaymentStatus.Status.SUSPENDED.wireName(), e2e.paymentStatusAgrees(order[0]));
        assertEquals(List.of(Operation.RESERVATION_SEEN + " " + Result.DONE, Operation.CAPTURE + " " + Result.REFUSED),
                e2e.ledger(order[0]).stream().map(e -> e.operation() + " " + e.result()).toList());
    }

    @Test
    void aHardDeclineStatusTheShopHasNotRegisteredFallsBackToOnHoldWithANote() {
        ShopSettings settings = e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
        DeclineSettings d = settings.declines();
        e2e.settings(settings.withDeclines(new DeclineSettings(d.retryHours(), d.softStatus(), "suspended",
                d.reviewStatus(), false, d.payAnotherWayStatus(), d.payAnotherWayNote())));
        String[] order = e2e.checkout(2);
        e2e.sandbox.inject("activatePayment", 1, SandboxFault.error("5210"));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("on-hold", e2e.shop.status(order[0]), "the shop refused 'suspended' (400 rest_invalid_param)");
        String note = e2e.notesFromOrderhook(order[0]).stream().filter(n -> n.contains("5210")).findFirst().orElseThrow();
        assertTrue(note.contains("does not know the status suspended") && note.contains("On hold instead"), note);
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
    }
}
