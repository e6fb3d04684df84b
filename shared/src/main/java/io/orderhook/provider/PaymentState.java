package io.orderhook.provider;

/** A payment's state at the provider, independent of the provider's own words. */
public enum PaymentState {
    /** Reserved, not captured: can still be updated, activated or cancelled. */
    RESERVED,
    /** Waiting on the provider (manual review, pending approval): not yet actionable. */
    PENDING,
    /** Captured / activated (Billmate: Paid, Factoring, PartPayment, Handling). */
    ACTIVATED,
    /** Fully credited after activation. */
    CREDITED,
    /** Reservation released. */
    CANCELLED,
    /** Refused by the provider's own checks. */
    REJECTED
}
