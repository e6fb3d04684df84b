package io.orderhook.lifecycle;

import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;

/**
 * Decides from the provider's own view of a payment whether a step whose outcome is unknown
 * (a timeout after sending, a lost answer, a crash after the call) was applied. Billmate has
 * no idempotency keys, so this is what stops a second activation or a second credit.
 */
public final class PendingResolution {
    private PendingResolution() {}

    public enum Verdict {
        /** The provider holds the step's result: record it as done, never send it again. */
        APPLIED,
        /** The provider does not hold it: the step may be planned and sent again. */
        NOT_APPLIED,
        /** The provider's answer cannot tell: the step must not be sent again automatically. */
        UNDECIDABLE
    }

    /**
     * @param step     the pending step
     * @param recorded the state recorded with the step pending (credited amount before it)
     * @param info     {@code PaymentProvider.status} of the payment
     */
    public static Verdict resolve(Step step, OrderState recorded, PaymentInfo info) {
        PaymentState state = info.state();
        if (state == PaymentState.PENDING) {
            return Verdict.UNDECIDABLE;
        }
        if (step instanceof Step.Activate) {
            return state == PaymentState.ACTIVATED || state == PaymentState.CREDITED ? Verdict.APPLIED : Verdict.NOT_APPLIED;
        }
        if (step instanceof Step.Cancel) {
            return state == PaymentState.CANCELLED ? Verdict.APPLIED : Verdict.NOT_APPLIED;
        }
        if (step instanceof Step.Update u) {
            return state == PaymentState.RESERVED && info.totalWithTax() == u.total() ? Verdict.APPLIED : Verdict.NOT_APPLIED;
        }
        return credit((Step.Credit) step, recorded, info);
    }

    private static Verdict credit(Step.Credit credit, OrderState recorded, PaymentInfo info) {
        if (info.creditedWithTax() >= 0) {
            return info.creditedWithTax() >= recorded.creditedAmount() + credit.amount()
                    ? Verdict.APPLIED : Verdict.NOT_APPLIED;
        }
        // The provider does not say how much was credited: only a full credit shows in the status.
        if (info.state() == PaymentState.CREDITED && credit.full()) {
            return Verdict.APPLIED;
        }
        if (info.state() == PaymentState.CANCELLED || info.state() == PaymentState.RESERVED) {
            return Verdict.NOT_APPLIED;
        }
        return Verdict.UNDECIDABLE;
    }
}
