package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.orderhook.testkit.billmate.SandboxFault;

/**
 * {@code orderhook retry-due} on a running local stack: a capture Billmate declined for now waits
 * for its retry; the command, run as if the wait had passed, wakes the order up and the capture
 * goes through.
 */
class RetryDueCommandTest {
    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));

    @Test
    void retryDueWakesUpACaptureDeclinedForNowOnceItsWaitHasPassed() {
        LocalBackend backend = stack.backend();
        String[] order = LocalStackSteps.checkout(backend, stack.base());
        backend.sandbox().inject("activatePayment", 1, SandboxFault.error("4102"));
        backend.shop().setStatus(order[0], "completed");
        LocalStackSteps.await(() -> "failed".equals(backend.shop().status(order[0])), "the soft-decline status");

        LocalStackSteps.CliRun early = LocalStackSteps.orderhook("retry-due", "--url", stack.base().toString());
        assertEquals(0, early.status(), early.err());
        assertTrue(early.out().contains(": 0 due, 0 woken"), early.out());

        String later = Instant.now().plus(Duration.ofHours(13)).toString();
        LocalStackSteps.CliRun due = LocalStackSteps.orderhook("retry-due", "--at", later, "--url", stack.base().toString());
        assertEquals(0, due.status(), due.out() + due.err());
        assertTrue(due.out().startsWith("due retries at " + later + ": 1 due, 1 woken"), due.out());
        LocalStackSteps.await(() -> "completed".equals(backend.shop().status(order[0])), "the merchant's status restored");
        assertTrue(backend.sandbox().payment(order[1]).orElseThrow().captured());
        assertEquals(2, backend.sandbox().calls("activatePayment", order[1]));
    }

    @Test
    void aDeclineStatusTheShopHasNotRegisteredIsRefusedUntilTheShopRegistersIt() {
        String base = stack.base().toString();
        LocalStackSteps.CliRun refused = LocalStackSteps.orderhook("settings", "demo", "--declines",
                "{\"hardStatus\":\"suspended\"}", "--url", base);
        assertEquals(1, refused.status(), refused.out());
        assertTrue(refused.err().contains("has not registered the order status 'suspended'"), refused.err());

        stack.backend().shop().registerStatus("suspended", "Payment suspended");
        LocalStackSteps.CliRun saved = LocalStackSteps.orderhook("settings", "demo", "--declines",
                "{\"hardStatus\":\"suspended\"}", "--url", base);
        assertEquals(0, saved.status(), saved.err());
        assertEquals("suspended", stack.backend().shopConfigs().read(LocalShops.DEMO).orElseThrow().settings().declines()
                .hardStatus());
    }

    @Test
    void anInstantThatIsNotOneIsAUsageError() {
        LocalStackSteps.CliRun run = LocalStackSteps.orderhook("retry-due", "--at", "tomorrow", "--url", stack.base().toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("'--at'"), run.err());
    }
}
