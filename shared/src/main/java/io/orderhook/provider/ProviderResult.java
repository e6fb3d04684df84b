package io.orderhook.provider;

/** The outcome of one provider call, as a type so that callers cannot forget a case. */
public sealed interface ProviderResult {

    /**
     * The provider did it.
     *
     * @param providerNumber the number the provider gave this operation (activation/invoice or
     *                       credit number), or the payment number when it gives none
     * @param info           the payment as the provider now holds it, when the answer says so; may be null
     */
    record Done(String providerNumber, PaymentInfo info) implements ProviderResult {}

    /** A business refusal: retrying the same call cannot help. Never retried. */
    record Refused(String code, String message) implements ProviderResult {}

    /**
     * It did not work this time; the same call may work later.
     *
     * @param outcomeUnknown true when the request may have reached the provider and been
     *                       applied (a timeout after sending, a lost response): ask
     *                       {@link PaymentProvider#status} before trying again
     */
    record Transient(String reason, boolean outcomeUnknown) implements ProviderResult {}
}
