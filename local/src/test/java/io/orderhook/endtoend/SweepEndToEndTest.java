package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.schedule.ScheduledJob;
import io.orderhook.shop.ShopConfig;
import io.orderhook.testkit.woocommerce.DeliveredWebhook;

/**
 * Changes no delivery brought, carried out by the sweep: WooCommerce never sends a failed
 * delivery again, so a 503 from the receiver or a 401 during a secret rotation would otherwise
 * lose the change for good.
 */
class SweepEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();

    @AfterEach
    void close() {
        e2e.close();
    }

    /** The sweep's run once the changes are older than its settle time. */
    private ScheduledJob.Report sweepLater() {
        e2e.clock.advance(Duration.ofMinutes(10));
        ScheduledJob.Report report = e2e.backend.wiring().orderSweep().run(e2e.clock.instant());
        e2e.settle();
        return report;
    }

    private DeliveredWebhook lastDelivery(String orderId) {
        List<DeliveredWebhook> deliveries = e2e.shop.deliveries(orderId);
        return deliveries.get(deliveries.size() - 1);
    }

    @Test
    void aCompletionAnswered503ByTheReceiverIsActivatedByTheSweepExactlyOnce() {
        String[] order = e2e.checkout(2);
        e2e.inboxFault.arm();
        e2e.shop.setStatus(order[0], "completed");
        e2e.shop.awaitDeliveries(Duration.ofSeconds(20));
        e2e.inboxFault.disarm();
        e2e.settle();

        assertEquals(503, lastDelivery(order[0]).responseStatus());
        assertTrue(e2e.inboxFault.refused() >= 1);
        assertFalse(e2e.activated(order[1]), "the delivery was lost: nothing happened yet");

        ScheduledJob.Report first = sweepLater();
        assertEquals(1L, first.counts().get("caught-up"), first.toString());
        assertTrue(e2e.activated(order[1]));
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals(List.of("Billmate reservation was successfully activated. Activation number: " + order[1] + "."),
                e2e.notesFromOrderhook(order[0]));

        ScheduledJob.Report second = sweepLater();
        assertEquals(0L, second.counts().get("caught-up"), "the overlap lists the order again; its versions are stored");
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals(1, e2e.notesFromOrderhook(order[0]).size());
    }

    @Test
    void aSecretRotatedInTheShopFirstIsRefusedAndTheChangeIsCarriedOutByTheSweepOnceTheSecretIsUpdated() {
        String[] order = e2e.checkout(2);
        e2e.shop.configureWebhooks(e2e.webhookUrl(), "rotated-webhook-secret");
        e2e.shop.setStatus(order[0], "cancelled");
        e2e.settle();

        DeliveredWebhook refused = lastDelivery(order[0]);
        assertEquals(401, refused.responseStatus());
        String version = refused.bodyJson().get("date_modified_gmt").asText();
        assertTrue(e2e.backend.wiring().inbox().versionBodies(EndToEnd.SHOP, order[0], version).stream()
                .noneMatch(body -> body.contains("\"status\":\"cancelled\"")), "nothing stored");
        assertEquals("Created", e2e.paymentStatus(order[1]));

        ShopConfig config = e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow();
        e2e.backend.wiring().secrets().store(config.webhookSecretRef(), "rotated-webhook-secret");
        ScheduledJob.Report report = sweepLater();

        assertEquals(1L, report.counts().get("caught-up"), report.toString());
        assertEquals("Cancelled", e2e.paymentStatus(order[1]));
        assertEquals(1, e2e.sandbox.calls("cancelPayment", order[1]));
        assertEquals(List.of("Billmate reservation was successfully cancelled."), e2e.notesFromOrderhook(order[0]));
        assertEquals(200, lastDelivery(order[0]).responseStatus(), "orderhook's write-back is delivered with the new secret");
        assertEquals(0L, sweepLater().counts().get("caught-up"));
        assertEquals(1, e2e.sandbox.calls("cancelPayment", order[1]));
    }

    @Test
    void aWebhookDisabledAfterSevenFailuresIsReportedReactivatedAndEveryChangeMadeMeanwhileIsCarriedOutOnce() {
        e2e.settings(e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings()
                .withSweep(new io.orderhook.shop.SweepSettings(true, 120, 300)));
        String[] failing = e2e.checkout(2);
        String[] later = e2e.checkout(1);
        e2e.inboxFault.arm();
        String[] statuses = {"on-hold", "processing", "on-hold", "processing", "on-hold", "processing", "completed"};
        for (int i = 0; i < statuses.length; i++) {
            assertEquals("active", e2e.shop.webhookStatus("order.updated"), "failure " + (i + 1) + " is still sent");
            e2e.shop.setStatus(failing[0], statuses[i]);
            e2e.shop.awaitDeliveries(Duration.ofSeconds(20));
        }
        e2e.inboxFault.disarm();
        assertEquals("disabled", e2e.shop.webhookStatus("order.updated"), "WooCommerce disables it at the seventh failure");
        int sent = e2e.shop.deliveries().size();
        e2e.shop.setStatus(later[0], "cancelled");
        e2e.settle();
        assertEquals(sent, e2e.shop.deliveries().size(), "a disabled webhook sends nothing");
        assertFalse(e2e.activated(failing[1]));
        assertEquals("Created", e2e.paymentStatus(later[1]));

        ScheduledJob.Report report = sweepLater();

        assertEquals(2L, report.counts().get("caught-up"), report.toString());
        assertEquals(1L, report.counts().get("webhooks-down"), report.toString());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("was disabled by WooCommerce after failed deliveries; "
                + "orderhook set it active again")), report.problems().toString());
        assertEquals("active", e2e.shop.webhookStatus("order.updated"));
        assertEquals("reactivated", e2e.backend.wiring().sweeps().find(EndToEnd.SHOP).orElseThrow().webhookStatus());
        assertTrue(e2e.activated(failing[1]));
        assertEquals(1, e2e.sandbox.calls("activatePayment", failing[1]));
        assertEquals("Cancelled", e2e.paymentStatus(later[1]));
        assertEquals(1, e2e.sandbox.calls("cancelPayment", later[1]));
        assertEquals(200, lastDelivery(later[0]).responseStatus(), "orderhook's write-back is delivered again");

        ScheduledJob.Report next = sweepLater();
        assertEquals(0L, next.counts().get("caught-up"), next.toString());
        assertEquals(0L, next.counts().get("webhooks-down"), next.toString());
        assertEquals(1, e2e.sandbox.calls("activatePayment", failing[1]));
        assertEquals(1, e2e.sandbox.calls("cancelPayment", later[1]));
    }
}
