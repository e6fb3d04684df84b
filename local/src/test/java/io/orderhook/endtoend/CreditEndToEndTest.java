package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.credit.CreditSettings;
import io.orderhook.retry.DueRetries;
import io.orderhook.shop.ShopSettings;
import io.orderhook.testkit.sage.SageSandbox;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;

/**
 * Credit ordering as a merchant and a business customer meet it: orders of the invoice gateway
 * wait in "Pending credit checks" while the customer's Sage account (the Sage sandbox over HTTP)
 * is checked, then go to the status they came with, or to "Failed credit checks" with the
 * reasons and a link to pay another way; the merchant sees the failure in the status and the
 * order view.
 */
class CreditEndToEndTest {
    private static final String METHOD = "invoice";
    private static final String TOKEN = "sage-access-token";
    private final EndToEnd e2e = new EndToEnd();
    private final SageSandbox sage = SageSandbox.start().token(TOKEN);
    private final DueRetries job = e2e.backend.wiring().dueRetries();

    @AfterEach
    void close() {
        sage.close();
        e2e.close();
    }

    /** Credit ordering for the invoice gateway against the Sage sandbox; the shop registers the two statuses unless told not to. */
    private void creditOrdering(boolean registerStatuses, Map<String, CreditSettings.BookAccount> book) {
        if (registerStatuses) {
            e2e.shop.registerStatus("pending-credit", "Pending credit checks");
            e2e.shop.registerStatus("failed-credit", "Failed credit checks");
        }
        e2e.backend.wiring().secrets().store("demo/sageToken", TOKEN);
        ShopSettings settings = e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
        CreditSettings d = CreditSettings.defaults();
        e2e.settings(settings.withCredit(new CreditSettings(Set.of(METHOD), d.pendingStatus(), d.failedStatus(),
                d.pendingNote(), true, CreditSettings.Source.SAGE,
                new CreditSettings.SageAccount(sage.endpoint().toString(), "demo/sageToken", null), book)));
    }

    /** A business customer checks out with the invoice gateway, which gives the order {@code status}: 2 x 100 + 80 + 49 shipping, 25 % VAT. */
    private String order(String email, String status) {
        return e2e.shop.createOrder(NewOrder.paidWith(METHOD).status(status).product("MUG", "Mug", 2, "100.00")
                .product("CUP", "Cup", 1, "80.00").shipping("Postnord", "49.00").billing("email", email)
                .billing("first_name", "Bea").billing("company", "Acme Ltd").billing("country", "SE"));
    }

    private List<String> customerNotes(String orderId) {
        return e2e.shop.notes(orderId, OrderNote.Origin.REST_API).stream().filter(OrderNote::customerNote)
                .map(n -> io.orderhook.processing.NoteDelivery.withoutReference(n.note())).toList();
    }

    private List<String> merchantNotes(String orderId) {
        return e2e.shop.notes(orderId, OrderNote.Origin.REST_API).stream().filter(n -> !n.customerNote())
                .map(n -> io.orderhook.processing.NoteDelivery.withoutReference(n.note())).toList();
    }

    private String total(String orderId) {
        return e2e.shop.order(orderId).path("total").asText();
    }

    @Test
    void aPassMovesTheOrderToItsNaturalStatusAfterOneLookupAndTellsTheCustomerItWaited() {
        creditOrdering(true, Map.of());
        sage.customer("Acme Ltd", "ACME001", "buyer@acme.example", "5000.00", "1250.00", "SEK");

        String processing = order("buyer@acme.example", "processing");
        e2e.settle();
        String onHold = order("buyer@acme.example", "on-hold");
        e2e.settle();

        assertEquals("processing", e2e.shop.status(processing));
        assertEquals("on-hold", e2e.shop.status(onHold), "an order the gateway puts on hold goes back on hold");
        assertEquals(2, sage.calls("get_contact"), "one lookup per order, whatever the deliveries");
        String expected = "Order #" + processing + " is subject to additional checks on your account and will be confirmed shortly.";
        assertEquals(List.of(expected), customerNotes(processing));
        List<String> notes = merchantNotes(processing);
        assertTrue(notes.get(0).startsWith("Credit check started"), notes.toString());
        String passed = notes.get(notes.size() - 1);
        assertTrue(passed.contains("Credit check passed (Sage account ACME001)") && passed.contains("limit 5000.00 SEK")
                && passed.contains("balance 1250.00 SEK") && passed.contains("this order " + total(processing) + " SEK"), passed);
        String second = merchantNotes(onHold).get(merchantNotes(onHold).size() - 1);
        assertTrue(second.contains("other open credit orders " + total(processing) + " SEK"), second);
        JsonNode check = view(processing).path("creditCheck");
        assertEquals("passed", check.path("state").asText(), check.toString());
        assertEquals("processing", check.path("naturalStatus").asText());
        assertEquals(500_000, check.path("figures").path("limit").asLong());
    }

    @Test
    void eachReasonFailsTheOrderTellsTheCustomerWithTheLinkAndAlertsTheMerchant() {
        creditOrdering(true, Map.of("held@acme.example", new CreditSettings.BookAccount(0, true)));
        sage.customer("Held Ltd", "HELD01", "held@acme.example", "5000.00", "0", "SEK");
        sage.customer("Tight Ltd", "TIGHT1", "tight@acme.example", "300.00", "200.00", "SEK");

        String held = order("held@acme.example", "processing");
        String over = order("tight@acme.example", "processing");
        String unknown = order("stranger@example.com", "processing");
        e2e.settle();

        Map<String, String> reasons = Map.of(held, "your account with us is on hold",
                over, "is more than the credit left on your account (100.00 SEK of your limit of 300.00 SEK)",
                unknown, "we have no credit account for you");
        for (Map.Entry<String, String> r : reasons.entrySet()) {
            String orderId = r.getKey();
            assertEquals("failed-credit", e2e.shop.status(orderId));
            String paymentUrl = e2e.shop.order(orderId).path("payment_url").asText();
            String told = customerNotes(orderId).get(1);
            assertTrue(told.startsWith("Your order #" + orderId + " requires attention") && told.contains(r.getValue())
                    && told.endsWith("You can pay for it another way here: " + paymentUrl), told);
            assertTrue(merchantNotes(orderId).stream().anyMatch(n -> n.startsWith("Credit check failed")), merchantNotes(orderId).toString());
        }
        assertTrue(customerNotes(over).get(1).contains("total of " + total(over) + " SEK"), customerNotes(over).get(1));

        JsonNode status = get("/admin/shops/" + EndToEnd.SHOP + "/status");
        assertTrue(status.path("alarms").toString().contains("CreditChecksFailedAlarm"), status.toString());
        assertEquals(3, status.path("failedCreditChecks").size(), status.toString());
        assertEquals("[\"no-account\"]", failedReasons(status, unknown));
        assertEquals("[\"on-hold\"]", failedReasons(status, held));
        assertEquals("[\"over-limit\"]", failedReasons(status, over));
        assertEquals("failed", view(over).path("creditCheck").path("state").asText());

        e2e.shop.setStatus(held, "processing");
        e2e.settle();
        assertEquals(2, get("/admin/shops/" + EndToEnd.SHOP + "/status").path("failedCreditChecks").size(),
                "an order the merchant moved on leaves the alert list: shop status " + e2e.shop.status(held) + ", check " + view(held).path("creditCheck") + ", notes " + merchantNotes(held) + customerNotes(held));
    }

    @Test
    void aMerchantWhoMovesAFailedOrderBackWithinTheSecondOfItsCheckoutIsHeard() {
        creditOrdering(true, Map.of());
        String orderId = order("stranger@example.com", "processing");
        java.time.Instant placed = java.time.Instant.parse(e2e.shop.order(orderId).path("date_modified_gmt").asText() + "Z");
        e2e.settle();
        assertEquals("failed-credit", e2e.shop.status(orderId));

        // The shop's times are whole seconds: dated in the second of the checkout, the order moved
        // back to processing sends the very body its checkout sent. It is a change all the same.
        e2e.shopClock.advance(java.time.Duration.between(e2e.shopClock.instant(), placed.plusMillis(500)));
        e2e.shop.setStatus(orderId, "processing");
        e2e.settle();

        assertEquals(placed.toString(), e2e.shop.order(orderId).path("date_modified_gmt").asText() + "Z");
        assertEquals(0, get("/admin/shops/" + EndToEnd.SHOP + "/status").path("failedCreditChecks").size(),
                "an order the merchant moved on leaves the alert list");
        assertEquals("processing", e2e.shop.status(orderId));
    }

    @Test
    void twoOrdersOfOneCustomerArrivingTogetherCannotBothPassOnTheSameRemainingCredit() {
        creditOrdering(true, Map.of());
        // Room for one order of 2 x 100 + 80 + 49 with 25 % VAT (411.25 SEK), not two.
        sage.customer("Acme Ltd", "ACME001", "buyer@acme.example", "600.00", "0", "SEK");

        String first = order("buyer@acme.example", "processing");
        String second = order("buyer@acme.example", "processing");
        e2e.settle();

        List<String> statuses = List.of(e2e.shop.status(first), e2e.shop.status(second));
        assertTrue(statuses.contains("processing") && statuses.contains("failed-credit"), statuses.toString());
    }

    @Test
    void anOutageKeepsTheOrderPendingRetriesWithBackoffAndPassesOnceSageIsBack() {
        creditOrdering(true, Map.of());
        sage.customer("Acme Ltd", "ACME001", "buyer@acme.example", "5000.00", "0", "SEK");
        sage.down(true);

        String orderId = order("buyer@acme.example", "processing");
        e2e.settle();
        assertEquals("pending-credit", e2e.shop.status(orderId));
        assertTrue(merchantNotes(orderId).stream().anyMatch(n -> n.startsWith("The credit check could not be completed: Sage answered 503")),
                merchantNotes(orderId).toString());

        assertEquals(0, job.run(e2e.clock.instant()).counts().get("due"), "the next lookup waits for its backoff");
        e2e.clock.advance(Duration.ofMinutes(6));
        assertEquals(1, job.run(e2e.clock.instant()).counts().get("woken"));
        e2e.settle();
        assertEquals("pending-credit", e2e.shop.status(orderId), "still down: still pending, nothing failed");
        assertEquals(1, merchantNotes(orderId).stream().filter(n -> n.contains("could not be completed")).count(),
                "the merchant is told of the outage once");

        sage.down(false);
        e2e.clock.advance(Duration.ofMinutes(11));
        assertEquals(1, job.run(e2e.clock.instant()).counts().get("woken"));
        e2e.settle();

        assertEquals("processing", e2e.shop.status(orderId));
        assertEquals(1, sage.calls("get_contact"));
        assertEquals(3, view(orderId).path("creditCheck").path("lookups").asInt());
        assertEquals(0, job.run(e2e.clock.instant().plus(Duration.ofDays(1))).counts().get("due"), "nothing left to retry");
    }

    @Test
    void anAccountKeptInAnotherCurrencyIsNoVerdictTheOrderStaysPendingAndTheMerchantIsTold() {
        creditOrdering(true, Map.of());
        sage.customer("Acme Ltd", "ACME001", "buyer@acme.example", "5000.00", "0", "GBP");

        String orderId = order("buyer@acme.example", "processing");
        e2e.settle();

        assertEquals("pending-credit", e2e.shop.status(orderId));
        assertTrue(merchantNotes(orderId).stream().anyMatch(n -> n.contains("kept in GBP and the order is in SEK")),
                merchantNotes(orderId).toString());
        assertEquals("pending", view(orderId).path("creditCheck").path("state").asText());
    }

    @Test
    void aMerchantWhoMovesAPendingOrderOnByHandWins() {
        creditOrdering(true, Map.of());
        sage.customer("Acme Ltd", "ACME001", "buyer@acme.example", "5000.00", "0", "SEK");
        sage.down(true);
        String orderId = order("buyer@acme.example", "processing");
        e2e.settle();

        e2e.shop.setStatus(orderId, "completed");
        e2e.settle();
        sage.down(false);
        e2e.clock.advance(Duration.ofHours(2));
        job.run(e2e.clock.instant());
        e2e.settle();

        assertEquals("completed", e2e.shop.status(orderId));
        assertEquals(0, sage.calls("list_contacts"), "no lookup after the merchant decided");
        assertEquals("overridden", view(orderId).path("creditCheck").path("state").asText());
    }

    @Test
    void anUnregisteredPendingStatusFallsBackToOnHoldWithANoteAndTheSettingsNameTheSnippet() {
        creditOrdering(false, Map.of());
        sage.customer("Acme Ltd", "ACME001", "buyer@acme.example", "5000.00", "0", "SEK");

        String orderId = order("buyer@acme.example", "processing");
        e2e.settle();

        String started = merchantNotes(orderId).get(0);
        assertTrue(started.contains("does not know the status pending-credit") && started.contains("On hold instead"), started);
        assertEquals("processing", e2e.shop.status(orderId), "checked from on hold, then passed");

        HttpResponse<String> refused = put("/admin/shops/" + EndToEnd.SHOP + "/settings",
                "{\"credit\": {\"paymentMethods\": [\"invoice\"]}}");
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("pending-credit") && refused.body().contains("docs/OPERATIONS.md")
                && refused.body().contains("Credit ordering"), refused.body());
    }

    private static String failedReasons(JsonNode status, String orderId) {
        for (JsonNode f : status.path("failedCreditChecks")) {
            if (f.path("order").asText().equals(orderId)) {
                return f.path("reasons").toString();
            }
        }
        throw new AssertionError("order " + orderId + " is not among the failed checks: " + status);
    }

    private JsonNode view(String orderId) {
        return get("/admin/shops/" + EndToEnd.SHOP + "/orders/" + orderId);
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(e2e.backend.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            return EndToEnd.JSON.readTree(answer.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> put(String path, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(e2e.backend.baseUrl() + path))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
