package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.testkit.woocommerce.NewOrder;

/** Credit ordering through the commands against a running local stack: settings, orders and status. */
class LocalCreditCommandsTest {
    private final LocalBackend backend = LocalBackend.start(LocalOptions.forTests());

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void aFailedCheckShowsInOrdersWithItsFiguresAndInStatusWithItsAlarm() {
        String url = backend.baseUrl().toString();
        LocalStackSteps.CliRun refused = LocalStackSteps.orderhook("settings", "demo", "--url", url, "--credit",
                "{\"paymentMethods\":[\"invoice\"]}");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("pending-credit") && refused.err().contains("docs/OPERATIONS.md"), refused.err());

        backend.shop().registerStatus("pending-credit", "Pending credit checks");
        backend.shop().registerStatus("failed-credit", "Failed credit checks");
        LocalStackSteps.CliRun saved = LocalStackSteps.orderhook("settings", "demo", "--url", url, "--credit",
                "{\"paymentMethods\":[\"invoice\"],\"accounts\":{\"buyer@acme.example\":{\"limit\":10000}}}");
        assertEquals(0, saved.status(), saved.err());
        assertTrue(saved.out().contains("credit") && saved.out().contains("buyer@acme.example"), saved.out());
        // The processing side reads shop settings through its cache (a second locally, a minute in AWS).
        LocalStackSteps.await(() -> backend.wiring().shopConfigs().find("demo").orElseThrow().settings().credit().checks("invoice"),
                "the credit settings in effect");

        String orderId = backend.shop().createOrder(NewOrder.paidWith("invoice").status("processing")
                .product("MUG", "Mug", 1, "200.00").billing("email", "buyer@acme.example"));
        LocalStackSteps.await(() -> "failed-credit".equals(backend.shop().status(orderId)), "the failed credit check");

        LocalStackSteps.CliRun orders = LocalStackSteps.orderhook("orders", "demo", orderId, "--url", url);
        assertEquals(0, orders.status(), orders.err());
        assertTrue(orders.out().contains("credit check failed (came as processing, 1 lookup(s))"), orders.out());
        assertTrue(orders.out().contains("book: limit 100.00, balance 0.00, open credit orders 0.00"), orders.out());
        assertTrue(orders.out().contains("failed: [\"over-limit\"]"), orders.out());
        LocalStackSteps.CliRun status = LocalStackSteps.orderhook("status", "demo", "--url", url);
        assertTrue(status.out().contains("credit failed   order " + orderId + ": over-limit"), status.out());
        assertTrue(status.out().contains("CreditChecksFailedAlarm"), status.out());
    }
}
