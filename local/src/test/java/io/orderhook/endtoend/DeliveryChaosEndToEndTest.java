package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.woocommerce.DeliveredWebhook;

/** What WooCommerce's delivery does to webhooks: duplicates, coalescing, late bodies, echoes. */
class DeliveryChaosEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void tenCopiesOfTheCompletedDeliveryActivateOnce() {
        String[] order = e2e.checkout(2);
        e2e.shop.duplicateNextDeliveries(1, 9);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        String completed = e2e.shop.deliveries(order[0]).stream().map(DeliveredWebhook::bodyText)
                .filter(b -> b.contains("\"completed\"")).findFirst().orElseThrow();
        assertEquals(10, e2e.shop.deliveries(order[0]).stream().filter(d -> d.bodyText().equals(completed)).count(),
                "the same delivery arrived ten times");
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals(1, e2e.notesFromOrderhook(order[0]).size());
    }

    @Test
    void holdEditAndCompleteSeenOnlyAsCompletedWithNewLinesUpdatesThenActivates() {
        String[] order = e2e.checkout(2);
        e2e.shop.pauseDeliveries();
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.editQuantity(order[0], "MUG", 1);
        e2e.shop.setStatus(order[0], "completed");
        e2e.shop.resumeDeliveries();
        e2e.settle();

        OrderSnapshot finalOrder = WooOrderJson.order(e2e.shop.order(order[0]));
        assertEquals(finalOrder.total(), e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax());
        assertTrue(e2e.activated(order[1]));
        assertEquals(1, e2e.sandbox.calls("updatePayment", order[1]));
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertTrue(notes.get(0).startsWith("Billmate order was successfully updated"), notes.toString());
        assertTrue(notes.get(1).startsWith("Billmate reservation was successfully activated"), notes.toString());
    }

    /** Found by the chaos property test: the edited lines were taken as what Billmate held. */
    @Test
    void anOrderEditedBeforeItsFirstDeliveryReachedOrderhookIsUpdatedBeforeItIsActivated() {
        e2e.shop.pauseDeliveries();
        String[] order = e2e.placeOrder(2);
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.editQuantity(order[0], "MUG", 3);
        e2e.shop.setStatus(order[0], "completed");
        e2e.shop.resumeDeliveries();
        e2e.settle();

        OrderSnapshot finalOrder = WooOrderJson.order(e2e.shop.order(order[0]));
        assertEquals(finalOrder.total(), e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax(),
                "the captured amount is the order's, not the checkout's");
        assertTrue(e2e.activated(order[1]));
        assertEquals(1, e2e.sandbox.calls("updatePayment", order[1]));
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("Billmate order was successfully updated"), notes.toString());
    }

    @Test
    void aLateDeliveryOfAnOlderVersionIsIgnoredAsStale() throws Exception {
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.editQuantity(order[0], "MUG", 3);
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();
        DeliveredWebhook threeMugs = last(e2e.shop.deliveries(order[0]), "\"processing\"");
        // date_modified_gmt has whole seconds: the merchant's next edit is at least a second later.
        Thread.sleep(1_100);
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.editQuantity(order[0], "MUG", 4);
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();
        long fourMugs = e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax();

        // The three-mug version arrives late through a second webhook of the shop: same order
        // state, its own body (another webhook id), signed like any delivery.
        ObjectNode late = (ObjectNode) threeMugs.bodyJson();
        late.put("customer_note", "late copy");
        assertEquals(200, post(late.toString(), "order.updated"));
        e2e.settle();

        assertEquals(fourMugs, e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax());
        assertEquals(2, e2e.sandbox.calls("updatePayment", order[1]));
        assertTrue(e2e.processorLog.stream().anyMatch(l -> l.contains("\"outcome\":\"STALE\"")), e2e.processorLog.toString());
    }

    @Test
    void theEchoOfOrderhooksOwnOnHoldAfterARefusedActivationIsIgnored() {
        String[] order = e2e.checkout(2);
        e2e.sandbox.setStatus(order[1], "Cancelled");
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        assertEquals("on-hold", e2e.shop.status(order[0]));
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("Billmate could not activate the reservation:") && notes.get(0).contains("5210")
                && notes.get(0).contains("The order was set to On hold."), notes.get(0));
        assertEquals(1, e2e.sandbox.calls("activatePayment", order[1]));
        assertEquals(0, e2e.sandbox.calls("cancelPayment", order[1]));
        assertTrue(e2e.processorLog.stream().anyMatch(l -> l.contains("\"outcome\":\"ECHO\"")), e2e.processorLog.toString());
    }

    private static DeliveredWebhook last(List<DeliveredWebhook> deliveries, String containing) {
        DeliveredWebhook found = null;
        for (DeliveredWebhook d : deliveries) {
            if (d.bodyText().contains(containing)) {
                found = d;
            }
        }
        return found;
    }

    private int post(String body, String topic) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(e2e.webhookUrl())
                .header("Content-Type", "application/json")
                .header("X-WC-Webhook-Topic", topic)
                .header("X-WC-Webhook-Resource", "order")
                .header("X-WC-Webhook-Event", "updated")
                .header("X-WC-Webhook-ID", "99")
                .header("X-WC-Webhook-Delivery-ID", "late")
                .header("X-WC-Webhook-Signature", WebhookSignature.sign(bytes, EndToEnd.WEBHOOK_SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
