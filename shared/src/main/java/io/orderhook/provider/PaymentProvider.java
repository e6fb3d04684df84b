package io.orderhook.provider;

import java.util.List;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;

/**
 * What orderhook needs from a payment provider to manage a reservation. Billmate is
 * the first implementation; Klarna Order Management and Stripe map onto the same calls
 * (see docs/PROVIDERS.md).
 *
 * <p>Every call returns a {@link ProviderResult} and never throws for an outcome the
 * provider can produce. {@code idempotencyKey} is stable across retries of the same step;
 * providers without idempotency support ignore it (orderhook then prevents repeats itself
 * and resolves unknown outcomes with {@link #status}).
 */
public interface PaymentProvider {

    /** Short stable name used in notes and logs: "Billmate". */
    String name();

    /** How merchants know the provider: its checkout and its back office, for notes in plain words. */
    default ProviderNames names() {
        return new ProviderNames(name(), name(), name() + "'s back office");
    }

    Capabilities capabilities();

    /** The provider's own view of the payment: {@link ProviderResult.Done#info()} is set. */
    ProviderResult status(String paymentNumber);

    /**
     * Capture / activate the whole reservation. A payment the provider reports as already
     * activated answers {@link ProviderResult.Done#alreadyDone()}.
     */
    ProviderResult activate(String paymentNumber, String idempotencyKey);

    /**
     * What an activation captures: the order less the refunds made before it, {@code amountWithTax}
     * in all (the reservation as orderhook last synced it).
     *
     * @param refundsBeforeActivation the refunds, with their lines, the reservation no longer holds
     */
    record Capture(OrderSnapshot order, List<Refund> refundsBeforeActivation, long amountWithTax) {
        public Capture {
            refundsBeforeActivation = List.copyOf(refundsBeforeActivation);
        }
    }

    /**
     * Capture {@code capture.amountWithTax()} of the reservation. A provider that captures a part
     * and releases the rest (Stripe), or captures by lines (Klarna), reads the capture; one whose
     * reservation orderhook updated to the order first (Billmate) activates it whole.
     */
    default ProviderResult activate(String paymentNumber, Capture capture, String idempotencyKey) {
        return activate(paymentNumber, idempotencyKey);
    }

    /** Release the reservation; an already cancelled one answers {@link ProviderResult.Done#alreadyDone()}. */
    ProviderResult cancel(String paymentNumber, String idempotencyKey);

    /**
     * Replace the reserved lines and totals with the order's current ones, less the refunds the
     * merchant made before the payment was activated (money that must never be captured).
     *
     * @param refundsBeforeActivation the order's refunds, with their lines, that the reservation must not hold
     */
    ProviderResult update(String paymentNumber, OrderSnapshot order, List<Refund> refundsBeforeActivation,
            String idempotencyKey);

    /**
     * Refund (credit) an activated payment.
     *
     * @param order          the order the refund belongs to (for tax rates)
     * @param refund         the refund with its lines
     * @param creditedBefore what earlier credits of this payment returned per tax rate
     * @param wholePayment   nothing was credited before and the refund is the whole captured amount:
     *                       the provider may credit the payment as a whole
     */
    ProviderResult credit(String paymentNumber, OrderSnapshot order, Refund refund, TaxSplit creditedBefore,
            boolean wholePayment, String idempotencyKey);

    /**
     * Ask for more time to capture the reservation; only a provider whose {@link Capabilities#extendsAuthorisation()}
     * says so is asked. {@link #status} then tells the new lapse.
     */
    default ProviderResult extendAuthorisation(String paymentNumber, String idempotencyKey) {
        return new ProviderResult.Refused("not-supported", name() + " cannot extend an authorisation");
    }
}
