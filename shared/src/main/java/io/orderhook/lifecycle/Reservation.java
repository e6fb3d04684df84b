package io.orderhook.lifecycle;

/** What orderhook has recorded about the reservation at the provider. */
public enum Reservation {
    /** Reserved and not captured: may still be updated, activated or cancelled. */
    RESERVED,
    /** Captured; refunds are credits from now on. */
    ACTIVATED,
    /** Released; nothing can be captured any more. */
    CANCELLED
}
