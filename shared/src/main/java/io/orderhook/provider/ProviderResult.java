package io.orderhook.provider;

import io.orderhook.order.TaxSplit;

/** The outcome of one provider call, as a type so that callers cannot forget a case. */
public sealed interface ProviderResult {

    /** Which of the three outcomes: switch on it and the compiler finds a case not handled. */
    enum Kind { DONE, REFUSED, TRANSIENT }

    Kind kind();

    /**
     * The provider did it, or had already done it.
     *
     * @param providerNumber the number the provider gave this operation (activation/invoice or
     *                       credit number), or the payment number when it gives none
     * @param info           the payment as the provider now holds it, when the answer says so; may be null
     * @param alreadyDone    the provider refused the call because the payment already was in the
     *                       state asked for (an activation or cancellation made in the provider's
     *                       own back office, or by an earlier call whose answer was lost), and
     *                       confirmed that state: nothing was changed by this call
     * @param moved          for a credit: what it returned per tax rate; {@link TaxSplit#EMPTY} otherwise
     */
    record Done(String providerNumber, PaymentInfo info, boolean alreadyDone, TaxSplit moved) implements ProviderResult {

        public Done {
            moved = moved == null ? TaxSplit.EMPTY : moved;
        }

        public Done(String providerNumber, PaymentInfo info) {
            this(providerNumber, info, false, TaxSplit.EMPTY);
        }

        @Override
        public Kind kind() {
            return Kind.DONE;
        }
    }

    /**
     * A business refusal: retrying the same call at once cannot help. A hard refusal is never
     * retried; a {@link Reason#TEMPORARY} one is tried again on the shop's retry schedule.
     *
     * @param code    the provider's error code, for the merchant and support
     * @param message the provider's words
     * @param reason  what the refusal means, so callers need no provider's code list
     * @param advice  what the merchant can do about it, in the provider's terms (which back office, which
     *                setting), or null when the provider has nothing to add to orderhook's general advice
     */
    record Refused(String code, String message, Reason reason, String advice) implements ProviderResult {

        /** What a refusal means in orderhook's terms. */
        public enum Reason {
            /** The provider does not know the payment number. */
            UNKNOWN_PAYMENT,
            /** The provider did not accept orderhook's credentials for this shop. */
            CREDENTIALS,
            /** The request cannot be expressed for this provider (e.g. an order its cart rules cannot take). */
            UNMAPPABLE,
            /**
             * A soft decline: the provider (or the card issuer or bank behind it) declined this time and says
             * a later attempt may succeed. Tried again on the shop's retry schedule, hours apart, with a
             * new key; not to be confused with {@link Transient}, which the stream retries within minutes.
             */
            TEMPORARY,
            /** Anything else: the payment's state or the amounts do not allow it. */
            OTHER
        }

        public Refused(String code, String message) {
            this(code, message, Reason.OTHER, null);
        }

        public Refused(String code, String message, Reason reason) {
            this(code, message, reason, null);
        }

        public boolean unknownPayment() {
            return reason == Reason.UNKNOWN_PAYMENT;
        }

        /** A soft decline: worth trying again later; every other refusal is hard. */
        public boolean temporary() {
            return reason == Reason.TEMPORARY;
        }

        @Override
        public Kind kind() {
            return Kind.REFUSED;
        }
    }

    /**
     * It did not work this time; the same call may work later.
     *
     * @param outcomeUnknown true when the request may have reached the provider and been
     *                       applied (a timeout after sending, a lost response): ask
     *                       {@link PaymentProvider#status} before trying again
     */
    record Transient(String reason, boolean outcomeUnknown) implements ProviderResult {
        @Override
        public Kind kind() {
            return Kind.TRANSIENT;
        }
    }
}
