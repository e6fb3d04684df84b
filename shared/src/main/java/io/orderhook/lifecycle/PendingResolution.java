package io.orderhook.lifecycle;

import io.orderhook.provider.Capabilities;
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
        /** The provider does not hold it, or a repeat is refused by the provider when it does: send it (again). */
        NOT_APPLIED,
        /** The provider's answer cannot tell: the step must not be sent again automatically. */
        UNDECIDABLE
    }

    /**
     * @param step         the pending step
     * @param recorded     the state recorded with the step pending (credited amount before it)
     * @param info         {@code PaymentProvider.status} of the payment
     * @param capabilities what the provider does with a repeated activation or cancellation
     */
    public static Verdict resolve(Step step, OrderState recorded, PaymentInfo info, Capabilities capabilities) {
        PaymentState state = info.state();
        return switch (step.kind()) {
            case ACTIVATE -> switch (state) {
                case ACTIVATED, CREDITED -> Verdict.APPLIED;
                case RESERVED, CANCELLED, REJECTED -> Verdict.NOT_APPLIED;
                // Captured or not cannot be told from the word; a repeat is safe only where the provider refuses it once applied.
                case AMBIGUOUS, PENDING -> capabilities.repeatedActivationRefused() ? Verdict.NOT_APPLIED : Verdict.UNDECIDABLE;
            };
            case CANCEL -> switch (state) {
                case CANCELLED -> Verdict.APPLIED;
                case RESERVED, ACTIVATED, CREDITED, REJECTED -> Verdict.NOT_APPLIED;
                case AMBIGUOUS, PENDING -> capabilities.repeatedActivationRefused() ? Verdict.NOT_APPLIED : Verdict.UNDECIDABLE;
            };
            case UPDATE -> switch (state) {
                case RESERVED, PENDING, AMBIGUOUS -> info.totalWithTax() == ((Step.Update) step).total()
                        ? Verdict.APPLIED : Verdict.NOT_APPLIED;
                case ACTIVATED, CREDITED, CANCELLED, REJECTED -> Verdict.NOT_APPLIED;
            };
            case CREDIT -> credit((Step.Credit) step, recorded, info);
        };
    }

    private static Verdict credit(Step.Credit credit, OrderState recorded, PaymentInfo info) {
        if (info.creditedWithTax() >= 0) {
            return info.creditedWithTax() >= recorded.creditedAmount() + credit.amount()
                    ? Verdict.APPLIED : Verdict.NOT_APPLIED;
        }
        // The provider does not say how much was credited: only a credit of the whole payment shows
        // in the status; a part credit of a payment still captured cannot be told apart from none.
        return switch (info.state()) {
            case CREDITED -> credit.wholePayment() ? Verdict.APPLIED : Verdict.UNDECIDABLE;
            case CANCELLED, RESERVED, REJECTED -> Verdict.NOT_APPLIED;
            case ACTIVATED, AMBIGUOUS, PENDING -> credit.wholePayment() ? Verdict.NOT_APPLIED : Verdict.UNDECIDABLE;
        };
    }
}
