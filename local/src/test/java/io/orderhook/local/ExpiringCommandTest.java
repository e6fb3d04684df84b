package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.orderhook.shop.CaptureSettings;
import io.orderhook.testkit.woocommerce.OrderNote;

/**
 * {@code orderhook expiring} on a running local stack: a Billmate invoice reservation is listed with
 * its lapse time; a scan as if at its warning time warns the merchant, and the list then says so.
 */
class ExpiringCommandTest {
    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));

    @Test
    void expiringListsAReservationWithItsLapseAndAScanOnItsWarningDayWarnsOnce() {
        LocalBackend backend = stack.backend();
        String base = stack.base().toString();
        String[] order = LocalStackSteps.checkout(backend, stack.base());
        Instant lapse = backend.wiring().states().load(LocalShops.DEMO, order[0]).orElseThrow().lapsesAt();

        LocalStackSteps.CliRun listed = LocalStackSteps.orderhook("expiring", "demo", "--url", base);
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().contains(order[0]) && listed.out().contains(lapse.toString()) && listed.out().contains("watched"),
                listed.out());

        String warnDay = lapse.minus(Duration.ofDays(2)).toString();
        LocalStackSteps.CliRun scanned = LocalStackSteps.orderhook("expiring", "demo", "--scan", "--at", warnDay, "--url", base);
        assertEquals(0, scanned.status(), scanned.err());
        assertTrue(scanned.out().startsWith("expiry scan at " + warnDay + ": 1 to extend or warn, 0 lapsed"), scanned.out());
        LocalStackSteps.await(() -> backend.shop().notes(order[0], OrderNote.Origin.REST_API)
                .stream().anyMatch(n -> n.note().contains("authorisation of this order lapses")), "the warning note");

        LocalStackSteps.await(() -> LocalStackSteps.orderhook("expiring", "demo", "--url", base).out().contains("warned"),
                "the list shows the order warned");
        LocalStackSteps.CliRun again = LocalStackSteps.orderhook("expiring", "demo", "--scan", "--at", warnDay, "--url", base);
        assertTrue(again.out().contains(": 0 to extend or warn, 0 lapsed, 1 warned and not captured"), again.out());
        assertEquals(1, backend.shop().notes(order[0], OrderNote.Origin.REST_API).stream()
                .filter(n -> n.note().contains("authorisation of this order lapses")).count(), "warned once");
    }

    @Test
    void theWarningDaysAndTheExtensionAreShopSettings() {
        LocalStackSteps.CliRun saved = LocalStackSteps.orderhook("settings", "demo", "--expiry-warning-days", "3",
                "--extend-authorisation", "on", "--url", stack.base().toString());
        assertEquals(0, saved.status(), saved.err());
        CaptureSettings capture = stack.backend().shopConfigs().read(LocalShops.DEMO).orElseThrow().settings()
                .capture();
        assertEquals(3, capture.expiryWarningDays());
        assertTrue(capture.extendAllowed());
        LocalStackSteps.orderhook("settings", "demo", "--expiry-warning-days", "2", "--extend-authorisation", "off", "--url",
                stack.base().toString());
    }

    @Test
    void anUnknownShopIsRefusedWithItsName() {
        LocalStackSteps.CliRun run = LocalStackSteps.orderhook("expiring", "nowhere", "--url", stack.base().toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("nowhere"), run.err());
    }
}
