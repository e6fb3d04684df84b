package io.orderhook.store;

import java.time.Instant;

/**
 * An order the processor gave up on after the stream's retries, kept until an operator sends it
 * through again ({@code orderhook failed redrive}).
 *
 * @param failedAt     when orderhook gave up
 * @param reason       the last error, in words a merchant or operator can act on
 * @param attempts     how often the processor tried the order's change
 * @param statusBefore the order's status in the change given up on (what a redrive gives back to
 *                     the order in place of the failure status), or null when the change was unreadable
 */
public record FailedOrder(String shopId, String orderId, Instant failedAt, String reason, int attempts,
        String statusBefore) {}
