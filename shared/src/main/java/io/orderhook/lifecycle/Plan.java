package io.orderhook.lifecycle;

import java.util.List;

/**
 * What the reconciler decided for one snapshot.
 *
 * @param decision the headline, for logs
 * @param reasons  why, in words for the debug log (one per part of the decision)
 * @param steps    provider operations to run, in order
 * @param notices  notes to give without a provider call
 * @param accepted the recorded state with the snapshot accepted (newest modification time,
 *                 payment number, first-seen lines, echo consumed); equal to the recorded
 *                 state when the snapshot was ignored
 */
public record Plan(Decision decision, List<String> reasons, List<Step> steps, List<Notice> notices, OrderState accepted) {

    public Plan {
        reasons = List.copyOf(reasons);
        steps = List.copyOf(steps);
        notices = List.copyOf(notices);
    }

    public enum Decision {
        /** Steps or notices follow. */
        ACT,
        /** The provider already holds what the order asks for. */
        NOTHING_MISSING,
        /** Older than the newest snapshot applied. */
        STALE,
        /** The status is one orderhook wrote itself. */
        ECHO,
        /** The status asks nothing of the reservation (on-hold, pending, failed, draft, ...). */
        NO_ACTION_FOR_STATUS,
        NOT_OUR_PAYMENT_METHOD,
        MANAGEMENT_DISABLED,
        NO_TRANSACTION_ID,
        /** A step's outcome must be resolved with the provider before planning. */
        PENDING_UNRESOLVED,
        /** A step declined for now waits for its next try. */
        RETRY_WAITING
    }

    public String reason() {
        return String.join("; ", reasons);
    }
}
