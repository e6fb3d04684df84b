package io.orderhook.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.orderhook.lifecycle.Plan.Decision;
import io.orderhook.order.OrderSnapshot;

/**
 * How a step declined for now ({@link DeclineRetry}) shapes a plan. Pure, beside the reconciler.
 *
 * <p>While the order shows the soft-decline status orderhook set, it is planned as if it still had
 * the status the merchant set (that status asked for the step; orderhook's own write must not
 * cancel the request). A status the merchant sets afterwards ends the retry: the merchant has
 * taken over, and the order is planned as it now stands.
 */
final class RetryPlan {
    private RetryPlan() {}

    /** The snapshot as the plan reads it: the merchant's status in place of the soft-decline status. */
    static OrderSnapshot asPlanned(OrderSnapshot snapshot, DeclineRetry retry) {
        return retry != null && retry.softStatus() != null && snapshot.status().equals(retry.softStatus())
                ? snapshot.withStatus(retry.restoreStatus()) : snapshot;
    }

    /** Whether the merchant changed the status since orderhook set the soft-decline status. */
    static boolean merchantTookOver(OrderSnapshot snapshot, OrderState recorded) {
        DeclineRetry retry = recorded.retry();
        return retry != null && retry.softStatus() != null && !snapshot.status().equals(retry.softStatus())
                && recorded.lastModifiedGmt() != null && snapshot.dateModifiedGmt().isAfter(recorded.lastModifiedGmt());
    }

    /**
     * The plan with the retry applied: the declined step waits until it is due, then goes with the
     * next try's key; a plan that no longer asks for the step drops the retry.
     *
     * @param now when the snapshot was received (a wake-up of the due-retries job, or a webhook)
     */
    static Plan apply(Plan plan, DeclineRetry retry, Instant now) {
        if (retry == null) {
            return plan;
        }
        List<String> reasons = new ArrayList<>(plan.reasons());
        if (plan.steps().stream().noneMatch(retry::retries)) {
            reasons.add("the order no longer asks for the declined " + retry.kind().wireName() + ": its retry is dropped");
            return new Plan(plan.decision(), reasons, plan.steps(), plan.notices(), plan.accepted().withoutRetry());
        }
        Step first = plan.steps().get(0);
        if (!retry.retries(first)) {
            return plan;
        }
        if (!retry.dueAt(now)) {
            reasons.add("the " + retry.kind().wireName() + " was declined for now; try " + (retry.tries() + 1) + " is due at "
                    + retry.dueAt());
            return new Plan(plan.notices().isEmpty() ? Decision.RETRY_WAITING : Decision.ACT, reasons, List.of(),
                    plan.notices(), plan.accepted());
        }
        List<Step> steps = new ArrayList<>(plan.steps());
        steps.set(0, first.withKey(retry.nextKey()));
        reasons.add("try " + (retry.tries() + 1) + " of the " + retry.kind().wireName() + " declined for now");
        return new Plan(plan.decision(), reasons, steps, plan.notices(), plan.accepted());
    }
}
