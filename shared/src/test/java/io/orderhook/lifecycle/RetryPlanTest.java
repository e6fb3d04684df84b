package io.orderhook.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.Plan.Decision;
import io.orderhook.shop.ShopSettings;

/** The reconciler's rows for a step declined for now: wait, try again with a new key, or let the merchant take over. */
class RetryPlanTest {
    private static final ShopSettings DEFAULTS = ShopSettings.defaults();
    private static final Instant DUE = Orders.T0.plus(Duration.ofHours(12));
    private static final String FIRST_KEY = "shop1/42/activate/" + Orders.T0.plusSeconds(300).getEpochSecond();

    /** Completed at T0+5 min, the activation declined for now, the order set to failed at T0+6 min. */
    private static OrderState waiting() {
        OrderState seen = Reconciler.plan(Orders.order("processing").build(), OrderState.initial("shop1", "42"), DEFAULTS)
                .accepted().withVersion(1);
        OrderState completed = Reconciler.plan(Orders.order("completed").modifiedAt(5).build(), seen, DEFAULTS).accepted();
        return completed.declinedForNow(new DeclineRetry(Step.StepKind.ACTIVATE, FIRST_KEY, 1, DUE, "failed", "completed"))
                .withWrittenStatus("failed");
    }

    @Test
    void theEchoOfTheSoftDeclineStatusWaitsForTheRetry() {
        Plan plan = Reconciler.plan(Orders.order("failed").modifiedAt(6).build(), waiting(), DEFAULTS,
                Orders.T0.plus(Duration.ofMinutes(7)));

        assertEquals(Decision.RETRY_WAITING, plan.decision(), plan.reason());
        assertTrue(plan.steps().isEmpty());
        assertNotNull(plan.accepted().retry());
    }

    @Test
    void onceDueTheActivationIsPlannedAgainUnderTheNextTrysKey() {
        Plan plan = Reconciler.plan(Orders.order("failed").modifiedAt(6).build(), waiting(), DEFAULTS, DUE);

        assertEquals(Decision.ACT, plan.decision(), plan.reason());
        assertEquals(List.of(FIRST_KEY + "/try-2"), plan.steps().stream().map(Step::key).toList());
        assertEquals(Step.StepKind.ACTIVATE, plan.steps().get(0).kind());
    }

    @Test
    void aStatusTheMerchantSetsAfterwardsEndsTheRetry() {
        Plan plan = Reconciler.plan(Orders.order("on-hold").modifiedAt(20).build(), waiting(), DEFAULTS, DUE);

        assertEquals(Decision.NO_ACTION_FOR_STATUS, plan.decision(), plan.reason());
        assertNull(plan.accepted().retry());
    }

    @Test
    void completingTheOrderAgainActivatesAtOnceWithTheNewVersionsKey() {
        Plan plan = Reconciler.plan(Orders.order("completed").modifiedAt(20).build(), waiting(), DEFAULTS,
                Orders.T0.plus(Duration.ofMinutes(21)));

        assertEquals(List.of("shop1/42/activate/" + Orders.T0.plusSeconds(1200).getEpochSecond()),
                plan.steps().stream().map(Step::key).toList());
        assertNull(plan.accepted().retry());
    }

    @Test
    void aDeclineForGoodAfterRetriesRefusesTheFirstKeyToo() {
        OrderState state = waiting().declinedForGood(new Step.Activate(FIRST_KEY + "/try-2", 1, List.of()));

        assertTrue(state.refusedKeys().containsAll(List.of(FIRST_KEY, FIRST_KEY + "/try-2")), state.refusedKeys().toString());
        assertNull(state.retry());
    }

    @Test
    void theScheduleGivesEachWaitInTurnAndEndsAfterTheLast() {
        var declines = DEFAULTS.declines();
        assertEquals(Duration.ofHours(12), declines.waitBefore(2));
        assertEquals(Duration.ofHours(12), declines.waitBefore(3));
        assertEquals(Duration.ofHours(24), declines.waitBefore(4));
        assertEquals(Duration.ofHours(72), declines.waitBefore(6));
        assertNull(declines.waitBefore(7), "five retries, then the decline is for good");
    }
}
