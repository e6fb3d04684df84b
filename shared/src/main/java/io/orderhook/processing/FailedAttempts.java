package io.orderhook.processing;

import java.time.Instant;

import io.orderhook.store.InboxItem;

/**
 * Where the processor notes each change it must try again, with the error: when the stream gives
 * up on the change, the give-up reads from here why and how often (the failure destination only
 * names sequence numbers). In AWS and local mode {@link io.orderhook.store.FailedOrderStore#recordAttempt}.
 */
@FunctionalInterface
public interface FailedAttempts {
    /** Nothing noted (unit tests of the processor alone). */
    FailedAttempts NONE = (item, error, at) -> { };

    void record(InboxItem item, String error, Instant at);
}
