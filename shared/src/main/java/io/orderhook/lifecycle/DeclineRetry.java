package io.orderhook.lifecycle;

import java.time.Instant;

/**
 * A step the provider declined for now (a soft decline), waiting to be tried again. Kept on the
 * order's state until the step succeeds, is declined for good, or the merchant changes the
 * order's status. Each try has a key of its own ({@code {first key}/try-{n}}), so a provider that
 * honours idempotency keys never answers a retry with the stored decline of an earlier try.
 *
 * @param kind          what is retried
 * @param stepKey       the key of the first try
 * @param tries         how many tries were declined so far
 * @param dueAt         when the next try is due
 * @param softStatus    the status orderhook set on the order while it waits, or null when it set none
 *                      (an update or a refund declined for now changes no status)
 * @param restoreStatus the status the merchant had set, written back once the step succeeds; null with softStatus
 */
public record DeclineRetry(Step.StepKind kind, String stepKey, int tries, Instant dueAt, String softStatus,
        String restoreStatus) {

    /** The key of the next try. */
    public String nextKey() {
        return stepKey + "/try-" + (tries + 1);
    }

    /** Whether {@code step} is this retry's step: the same kind, and for steps no status asked for the same key. */
    public boolean retries(Step step) {
        return step.kind() == kind && (softStatus != null || step.key().equals(stepKey) || isTryOf(step.key()));
    }

    /** Whether {@code key} is one of this retry's tries. */
    public boolean isTryOf(String key) {
        return key.startsWith(stepKey + "/try-");
    }

    /** Whether the next try is due at {@code now}; an unknown time counts as due. */
    public boolean dueAt(Instant now) {
        return now == null || !now.isBefore(dueAt);
    }
}
