package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.SweepSettings;
import io.orderhook.testkit.woocommerce.NewOrder;

/** {@code orderhook sweep} and {@code orderhook status} against a running local stack. */
class LocalSweepAndStatusTest {
    private final LocalBackend backend = LocalBackend.start(LocalOptions.forTests());

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void aChangeMadeWhileTheWebhookIsDisabledIsSweptOnCommandAndStatusShowsTheAlarmsThatWouldFire() {
        ShopConfig demo = backend.shopConfigs().read(LocalShops.DEMO).orElseThrow();
        // No settle time: the change just made is swept at once.
        backend.shopConfigs().updateSettings(LocalShops.DEMO, demo.version(), demo.settings().withSweep(new SweepSettings(false, 120, 0)));
        backend.shop().setWebhookStatus(backend.shop().webhookId("order.updated"), "disabled");
        backend.shop().setWebhookStatus(backend.shop().webhookId("order.created"), "disabled");
        String url = backend.baseUrl().toString();

        LocalStackSteps.CliRun before = LocalStackSteps.orderhook("status", "demo", "--url", url);
        assertEquals(0, before.status(), before.err());
        assertTrue(before.out().contains("last sweep      never") && before.out().contains("alarms          none"), before.out());

        backend.shop().createOrder(NewOrder.paidWith("bco").status("on-hold").product("MUG", "Mug", 1, "100.00"));
        // modified_before is exclusive and dates have whole seconds: the sweep sees the change from the next second on.
        LocalStackSteps.sleep(1100);
        LocalStackSteps.CliRun sweep = LocalStackSteps.orderhook("sweep", "demo", "--url", url);

        assertEquals(0, sweep.status(), sweep.err());
        assertTrue(sweep.out().contains("1 orders listed, 1 change(s) no delivery had brought stored"), sweep.out());
        assertTrue(sweep.out().contains("order webhook: disabled (webhook #"), sweep.out());
        LocalStackSteps.CliRun status = LocalStackSteps.orderhook("status", "demo", "--url", url);
        assertTrue(status.out().contains("order webhook   disabled"), status.out());
        assertTrue(status.out().contains("alarms          WebhookDisabledAlarm, SweepCatchUpsAlarm"), status.out());

        LocalStackSteps.CliRun again = LocalStackSteps.orderhook("sweep", "demo", "--url", url);
        assertTrue(again.out().contains("1 orders listed, 0 change(s)"), again.out());
    }

    @Test
    void anUnknownShopIsRefusedWithTheReason() {
        LocalStackSteps.CliRun sweep = LocalStackSteps.orderhook("sweep", "nosuchshop", "--url", backend.baseUrl().toString());

        assertEquals(1, sweep.status());
        assertTrue(sweep.err().contains("nosuchshop"), sweep.err());
    }
}
