package io.orderhook.lifecycle;

/** What orderhook has recorded about the reservation at the provider. */
public enum Reservation {
    /** Reserved and not captured: may still be updated, activated or cancelled. */
    RESERVED,
    /** Captured; refunds are credits from now on. */
    ACTIVATED,
    /** Released; nothing can be captured any more. */
    CANCELLED,
    /** The provider does not know the order's payment number: nothing can be done with it. */
    NOT_FOUND
}
