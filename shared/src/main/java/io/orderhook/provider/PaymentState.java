package io.orderhook.provider;

/** A payment's state at the provider, independent of the provider's own words. */
public enum PaymentState {
    /** Reserved, not captured: can still be updated, activated or cancelled. */
    RESERVED,
    /** Waiting on the provider (a credit check pending or in manual review): reserved, not yet actionable. */
    PENDING,
    /**
     * The provider's word means either a reservation or a captured payment (Billmate's
     * getPaymentinfo says "Handling" both for a created payment whose credit check answered
     * Handling and for an activated handling invoice): decided only by a call the provider
     * refuses when it was already applied.
     */
    AMBIGUOUS,
    /** Captured / activated (Billmate: Paid, Factoring, PartPayment). */
    ACTIVATED,
    /** Fully credited after activation. */
    CREDITED,
    /** Reservation released. */
    CANCELLED,
    /** Refused by the provider's own checks (a rejected credit check): nothing can be captured. */
    REJECTED
}
