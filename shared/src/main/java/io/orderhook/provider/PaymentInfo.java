package io.orderhook.provider;

/**
 * A payment as the provider holds it.
 *
 * @param paymentNumber  the provider's number of the payment
 * @param state          the provider's status, in orderhook's terms
 * @param providerStatus the provider's own word for it ("Created", "Paid", ...)
 * @param totalWithTax   the reserved/activated total in minor units
 * @param creditedWithTax what has been credited so far in minor units, or -1 when the provider does not say
 * @param lapse          when a reservation can no longer be captured, or null: not a reservation, or the
 *                       provider's authorisations do not lapse as far as its documents say
 */
public record PaymentInfo(
        String paymentNumber,
        PaymentState state,
        String providerStatus,
        long totalWithTax,
        long creditedWithTax,
        AuthorisationLapse lapse) {

    /** A payment of which no lapse is known. */
    public PaymentInfo(String paymentNumber, PaymentState state, String providerStatus, long totalWithTax,
            long creditedWithTax) {
        this(paymentNumber, state, providerStatus, totalWithTax, creditedWithTax, null);
    }
}
