package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.checkout;
import static io.orderhook.local.LocalStackSteps.orderhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.Reservation;
import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.CaptureSettings.Trigger;
import io.orderhook.shop.ShopSettings;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.ShopSimulator;

/**
 * Seed 004's Danish workflow on the local stack: the status says "shipped" when the label is
 * printed, and the payment is captured when the goods leave, on request (the shop's meta set by a
 * shipping plugin, the admin route, {@code orderhook capture}), each payment exactly once.
 */
class CaptureOnRequestTest {
    private static final String META = CaptureSettings.DEFAULT_META_KEY;

    private final LocalBackend backend = LocalBackend.start(LocalOptions.forTests()
            .shop(b -> b.status("shipped", "Shipped"))
            .demoSettings(ShopSettings.defaults().withCaptureStatus("shipped")
                    .withCapture(CaptureSettings.defaults().withTrigger(Trigger.REQUEST))));
    private final URI base = backend.baseUrl();
    private final ShopSimulator shop = backend.shop();
    private final BillmateSandbox sandbox = backend.sandbox();

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void withTheRequestTriggerOnlyARequestCapturesAndEachPaymentOnce() {
        String[] byMeta = shipped();
        String[] byRoute = shipped();
        String[] byCli = shipped();
        for (String[] order : List.of(byMeta, byRoute, byCli)) {
            assertEquals(0, sandbox.calls("activatePayment", order[1]), "shipped alone captures nothing");
            assertFalse(sandbox.payment(order[1]).orElseThrow().captured());
        }

        // The shipping plugin marks the parcel as collected: the meta arrives with the next webhook.
        shop.updateOrder(byMeta[0], "{\"meta_data\":[{\"key\":\"" + META + "\",\"value\":\"yes\"}]}");
        settle();
        assertEquals(1, sandbox.calls("activatePayment", byMeta[1]));
        assertTrue(sandbox.payment(byMeta[1]).orElseThrow().captured());
        Map<String, String> meta = shop.meta(byMeta[0]);
        assertEquals("done", meta.get(META), "the request is written back as answered");
        assertTrue(meta.get(META + "_outcome").contains("successfully activated"), meta.toString());

        LocalHttp.Answer route = new LocalHttp(base).post("/admin/shops/demo/orders/" + byRoute[0] + "/capture", "");
        assertEquals(200, route.status(), route.body().toString());
        assertEquals("done", route.body().path("outcome").asText());
        assertTrue(route.body().path("detail").asText().startsWith("captured"), route.body().toString());
        assertEquals(1, sandbox.calls("activatePayment", byRoute[1]));

        LocalStackSteps.CliRun cli = orderhook("capture", "demo", byCli[0], "--url", base.toString());
        assertEquals(0, cli.status(), cli.err());
        assertTrue(cli.out().contains("order " + byCli[0] + ": done"), cli.out());
        assertEquals(1, sandbox.calls("activatePayment", byCli[1]));
        settle();

        // Asked again, each way: already done, nothing captured twice.
        LocalStackSteps.CliRun again = orderhook("capture", "demo", byMeta[0], byRoute[0], byCli[0], "--url", base.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(3, again.out().lines().filter(l -> l.contains(": already-done")).count(), again.out());
        LocalHttp.Answer routeAgain = new LocalHttp(base).post("/admin/shops/demo/orders/" + byCli[0] + "/capture", "");
        assertEquals("already-done", routeAgain.body().path("outcome").asText());
        LocalStackSteps.sleep(1100);
        shop.updateOrder(byRoute[0], "{\"meta_data\":[{\"key\":\"" + META + "\",\"value\":\"yes\"}]}");
        settle();
        assertEquals("done", shop.meta(byRoute[0]).get(META), "a request for a captured payment is answered too");
        for (String[] order : List.of(byMeta, byRoute, byCli)) {
            assertEquals(1, sandbox.calls("activatePayment", order[1]), "captured once: " + order[0]);
            assertEquals(Reservation.ACTIVATED, backend.wiring().states().load("demo", order[0]).orElseThrow().reservation());
        }
    }

    @Test
    void aCaptureRequestIsRefusedWhileTheShopCapturesOnStatus() {
        backend.shopConfigs().updateSettings("demo", backend.shopConfigs().read("demo").orElseThrow().version(),
                ShopSettings.defaults().withCaptureStatus("shipped"));
        String[] order = checkout(backend, base);

        LocalStackSteps.CliRun cli = orderhook("capture", "demo", order[0], "--url", base.toString());

        assertEquals(1, cli.status());
        assertTrue(cli.out().contains("refused - this shop captures when an order gets status 'shipped'"), cli.out());
        assertEquals(0, sandbox.calls("activatePayment", order[1]));
    }

    /** A customer's order, reserved and marked shipped (the label is printed). */
    private String[] shipped() {
        String[] order = checkout(backend, base);
        shop.setStatus(order[0], "shipped");
        settle();
        LocalStackSteps.sleep(1100);
        return order;
    }

    private void settle() {
        for (int i = 0; i < 3; i++) {
            shop.awaitDeliveries(Duration.ofSeconds(10));
            LocalStackSteps.await(() -> backend.poller().awaitIdle(Duration.ofMillis(200)), "the processor");
        }
    }
}
