package io.orderhook.testkit.sage;

/** A fault the Sage sandbox answers an authenticated call with instead of the call's answer. */
public sealed interface SageFault {

    /** Sage's service (or a proxy before it) answers this status: 429, 500, 502, 503. */
    record Status(int status) implements SageFault {}

    static SageFault status(int status) {
        return new Status(status);
    }
}
