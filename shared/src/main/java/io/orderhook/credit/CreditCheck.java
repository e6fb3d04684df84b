package io.orderhook.credit;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One order's credit check as stored beside its state (its own item, {@code SK = CREDIT}): the
 * status the order came with, where the check stands, and its inputs and result. Every write is
 * conditional on {@link #version}, so two runs of the order never both look the account up.
 *
 * @param naturalStatus the status the order came with, which a pass restores
 * @param customerKey   a hash of the billing e-mail: the key of the customer's exposure (no personal data in keys)
 * @param total         the order's total at the check, minor units of {@link #currency}
 * @param lookups       lookups started so far
 * @param dueAt         while pending: when the next lookup may start (the {@code due} index wakes the order then)
 * @param lastError     the last lookup error, or null
 * @param figures       the inputs of the verdict, or null (pending, or no account)
 * @param reasons       why it failed
 * @param endedBy       the status the merchant set by hand while it was pending, for {@link State#OVERRIDDEN}
 * @param reserved      this order's total is counted in the customer's exposure
 * @param version       the item's version, for conditional writes (0: not stored yet)
 */
public record CreditCheck(String shopId, String orderId, State state, String naturalStatus, String customerKey,
        long total, String currency, int lookups, Instant startedAt, Instant dueAt, String lastError,
        CreditDecision.Figures figures, List<CreditDecision.Reason> reasons, Instant decidedAt, String endedBy,
        boolean reserved, long version) {

    /** Where the check stands. */
    public enum State {
        PENDING, PASSED, FAILED, OVERRIDDEN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CreditCheck {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A check that starts now and may look the account up at once. */
    public static CreditCheck start(String shopId, String orderId, String naturalStatus, String customerKey, long total,
            String currency, Instant now) {
        return new CreditCheck(shopId, orderId, State.PENDING, naturalStatus, customerKey, total, currency, 0, now, now,
                null, null, List.of(), null, null, false, 0);
    }

    /** A lookup starts: the next one may start only after {@code nextDue} (when this one's outcome is lost). */
    public CreditCheck lookingUp(Instant nextDue) {
        return new CreditCheck(shopId, orderId, state, naturalStatus, customerKey, total, currency, lookups + 1, startedAt,
                nextDue, lastError, figures, reasons, decidedAt, endedBy, reserved, version);
    }

    public CreditCheck lookupFailed(String error) {
        return new CreditCheck(shopId, orderId, state, naturalStatus, customerKey, total, currency, lookups, startedAt,
                dueAt, error, figures, reasons, decidedAt, endedBy, reserved, version);
    }

    public CreditCheck decided(CreditDecision decision, Instant now) {
        return new CreditCheck(shopId, orderId, decision.passed() ? State.PASSED : State.FAILED, naturalStatus,
                customerKey, total, currency, lookups, startedAt, null, lastError, decision.figures(), decision.reasons(),
                now, null, decision.passed(), version);
    }

    /** The merchant moved the order out of the pending status by hand: their status stands. */
    public CreditCheck overridden(String status, Instant now) {
        return new CreditCheck(shopId, orderId, State.OVERRIDDEN, naturalStatus, customerKey, total, currency, lookups,
                startedAt, null, lastError, figures, reasons, now, status, reserved, version);
    }

    /** The order is no longer open credit (completed, cancelled, refunded): its total left the exposure. */
    public CreditCheck released() {
        return new CreditCheck(shopId, orderId, state, naturalStatus, customerKey, total, currency, lookups, startedAt,
                dueAt, lastError, figures, reasons, decidedAt, endedBy, false, version);
    }

    public CreditCheck withVersion(long stored) {
        return new CreditCheck(shopId, orderId, state, naturalStatus, customerKey, total, currency, lookups, startedAt,
                dueAt, lastError, figures, reasons, decidedAt, endedBy, reserved, stored);
    }

    /** A pending check whose next lookup may start at {@code now}. */
    public boolean lookupDue(Instant now) {
        return state == State.PENDING && dueAt != null && !dueAt.isAfter(now);
    }
}
