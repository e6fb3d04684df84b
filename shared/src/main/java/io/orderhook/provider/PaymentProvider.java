package io.orderhook.provider;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;

/**
 * What orderhook needs from a payment provider to manage a reservation. Billmate is
 * the first implementation; Klarna Order Management and Stripe map onto the same calls
 * (see docs/ARCHITECTURE.md).
 *
 * <p>Every call returns a {@link ProviderResult} and never throws for an outcome the
 * provider can produce. {@code idempotencyKey} is stable across retries of the same step;
 * providers without idempotency support ignore it (orderhook then prevents repeats itself
 * and resolves unknown outcomes with {@link #status}).
 */
public interface PaymentProvider {

    /** Short stable name used in notes and logs: "Billmate". */
    String name();

    Capabilities capabilities();

    /** The provider's own view of the payment: {@link ProviderResult.Done#info()} is set. */
    ProviderResult status(String paymentNumber);

    /** Capture / activate the whole reservation. */
    ProviderResult activate(String paymentNumber, String idempotencyKey);

    /** Release the reservation. */
    ProviderResult cancel(String paymentNumber, String idempotencyKey);

    /** Replace the reserved lines and totals with the order's current ones. */
    ProviderResult update(String paymentNumber, OrderSnapshot order, String idempotencyKey);

    /**
     * Refund (credit) an activated payment, in part or in full.
     *
     * @param order  the order the refund belongs to (for tax rates and the full total)
     * @param refund the refund with its lines
     */
    ProviderResult credit(String paymentNumber, OrderSnapshot order, Refund refund, String idempotencyKey);
}
