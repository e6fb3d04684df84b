package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.await;
import static io.orderhook.local.LocalStackSteps.checkout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.processing.NoteDelivery;
import io.orderhook.json.Json;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.testkit.woocommerce.OrderNote;

/** The local stack, started in this JVM on a free port, used as a merchant's developer uses it. */
class LocalModeTest {
    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSignedOrderUpdatedPostedOverHttpActivatesThePaymentAndTheNoteReachesTheShopAndTheAdminRoute() throws Exception {
        String[] order = checkout(stack.backend(), stack.base());
        // The merchant completes the order; we deliver the webhook ourselves, as curl would.
        stack.backend().shop().pauseDeliveries();
        String body;
        try {
            stack.backend().shop().setStatus(order[0], "completed");
            body = Json.MAPPER.writeValueAsString(stack.backend().shop().order(order[0]));
        } finally {
            stack.backend().shop().dropNextDeliveries(1);
            stack.backend().shop().resumeDeliveries();
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.base() + "/webhooks/woocommerce/demo"))
                .header("content-type", "application/json")
                .header("x-wc-webhook-topic", "order.updated")
                .header("x-wc-webhook-signature", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), "demo-webhook-secret"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"status\":\"accepted\"}", response.body());
        String expected = "Billmate reservation was successfully activated. Activation number: " + order[1] + ".";
        await(() -> stack.backend().shop().notes(order[0], OrderNote.Origin.REST_API).stream().anyMatch(n -> NoteDelivery.withoutReference(n.note()).equals(expected)),
                "the activation note in the shop");
        assertEquals(PaymentState.ACTIVATED, BillmateProvider.state(stack.backend().sandbox().payment(order[1]).orElseThrow().status()));
        // The shop has the note before orderhook has recorded that it does.
        await(() -> adminOrder(order[0]).toString().contains("\"delivery\":\"delivered\""), "the note recorded as delivered");
        JsonNode view = adminOrder(order[0]);
        assertEquals("activated", view.at("/state/reservation").asText());
        assertEquals(order[1], view.at("/state/paymentNumber").asText());
        JsonNode last = view.get("notes").get(view.get("notes").size() - 1);
        assertEquals(expected, last.get("text").asText());
        assertEquals("delivered", last.get("delivery").asText());
    }

    @Test
    void settingsDebugLogOnTurnsTheDebugLogOnForTheNextWebhookWithoutARestart() throws Exception {
        String[] before = checkout(stack.backend(), stack.base());
        stack.backend().shop().setStatus(before[0], "cancelled");
        await(() -> adminOrder(before[0]).get("notes").size() == 1, "the cancel note");
        assertEquals(0, adminOrder(before[0]).get("debugLog").size(), "the demo shop starts with the debug log off");

        LocalStackSteps.CliRun on = LocalStackSteps.orderhook("settings", "demo", "--debug-log", "on", "--url", stack.base().toString());

        assertEquals(0, on.status(), on.out() + on.err());
        assertTrue(on.out().contains("debugLog                 true"), on.out());
        String[] after = checkout(stack.backend(), stack.base());
        stack.backend().shop().setStatus(after[0], "cancelled");
        await(() -> adminOrder(after[0]).get("notes").size() == 1, "the cancel note");
        JsonNode log = adminOrder(after[0]).get("debugLog");
        assertFalse(log.isEmpty(), "debug-log entries for the next webhook");
        assertTrue(log.toString().contains("billmate.cancel"), log.toString());

        LocalStackSteps.orderhook("settings", "demo", "--debug-log", "off", "--url", stack.base().toString());
    }

    @Test
    void theAdminRoutesRefuseUnknownSettingsAndSayWhich() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.base() + "/admin/shops/demo/settings"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"debuglog\":true}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("debuglog"), response.body());
    }

    private JsonNode adminOrder(String orderId) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.base() + "/admin/shops/demo/orders/" + orderId))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body())
                    : Json.MAPPER.readTree("{\"notes\":[],\"debugLog\":[]}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
