package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.store.FailedOrder;

/** {@code orderhook failed list|redrive} and the failed count of {@code orderhook status}, against a running local stack. */
class LocalFailedCommandTest {
    private final LocalBackend backend = LocalBackend.start(LocalOptions.forTests());

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void aFailedOrderIsListedCountedAndRedrivenUntilItIsNoLongerFailed() {
        String url = backend.baseUrl().toString();
        String[] order = LocalStackSteps.checkout(backend, backend.baseUrl());
        backend.wiring().failedOrders().put(new FailedOrder(LocalShops.DEMO, order[0], Instant.parse("2026-12-01T05:00:00Z"),
                "activate: Billmate answered HTTP 503 to activatePayment", 11, "processing"));

        LocalStackSteps.CliRun list = LocalStackSteps.orderhook("failed", "list", "demo", "--url", url);
        LocalStackSteps.CliRun status = LocalStackSteps.orderhook("status", "demo", "--url", url);
        LocalStackSteps.CliRun redrive = LocalStackSteps.orderhook("failed", "redrive", "demo", "--url", url);
        LocalStackSteps.CliRun after = LocalStackSteps.orderhook("failed", "list", "demo", "--url", url);
        LocalStackSteps.CliRun unknown = LocalStackSteps.orderhook("failed", "redrive", "demo", order[0], "--url", url);

        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains("1 failed orders for shop demo"), list.out());
        assertTrue(list.out().contains("order " + order[0] + "  failed 2026-12-01T05:00:00Z after 11 attempts"), list.out());
        assertTrue(list.out().contains("Billmate answered HTTP 503 to activatePayment"), list.out());
        assertTrue(status.out().contains("failed orders   1") && status.out().contains("FailedOrdersAlarm"), status.out());
        assertEquals(0, redrive.status(), redrive.err());
        assertTrue(redrive.out().startsWith("order " + order[0] + ": ") && redrive.out().contains("; no longer failed"),
                redrive.out());
        assertTrue(after.out().contains("0 failed orders for shop demo"), after.out());
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("is not a failed order"), unknown.err());
    }
}
