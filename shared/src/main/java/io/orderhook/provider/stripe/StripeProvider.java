package io.orderhook.provider.stripe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentIncrementAuthorizationParams;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.CallOptions;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.ProviderResult.Refused.Reason;
import io.orderhook.provider.stripe.StripeCalls.Answer;
import io.orderhook.shop.ShopConfig;

/**
 * Stripe PaymentIntents with manual capture, through Stripe's official Java SDK. The payment number
 * is the PaymentIntent id ({@code pi_…}, which the WooCommerce Stripe Gateway keeps in the order
 * meta {@code _stripe_intent_id}); the shop's secret key authenticates.
 *
 * <p>One SDK client per shop account, with its own API base, timeouts and no SDK retries
 * ({@link StripeCalls}). Every call that changes the payment carries an {@code Idempotency-Key}
 * made from orderhook's step key ({@link StripeIdempotency}), which is stable across retries of a
 * step: Stripe answers a repeat with the first answer, so a retry after a lost answer never
 * captures or refunds twice.
 *
 * <p>Stripe has no order lines: {@link #update} only checks that the authorisation covers the
 * order's new total (a lower total is captured by {@link #activate(String, long, String)}; a higher
 * one needs an incremental authorisation), and a credit is an amount.
 *
 * <p>{@link StripePaymentInfo} reads a PaymentIntent; {@link StripeErrors} and {@link StripeAdvice}
 * turn Stripe's errors into orderhook's outcomes with what the merchant can do.
 */
public final class StripeProvider implements PaymentProvider {

    public static final String LIVE_API_BASE = "https://api.stripe.com";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where the WooCommerce Stripe Gateway keeps the PaymentIntent id: order meta
     * {@code _stripe_intent_id} (its 8.x and newer order helpers). Its {@code transaction_id} holds the
     * charge id ({@code ch_…}), which the PaymentIntent endpoints do not take, so it is not listed.
     */
    public static final List<String> PAYMENT_NUMBER_FIELDS = List.of("_stripe_intent_id");

    private static final ProviderNames NAMES = new ProviderNames("Stripe", "Stripe", "the Stripe Dashboard");
    // Keys honoured (a repeat answers the first answer); lines cannot change after capture; part of an
    // authorisation can be captured (the rest is released); a capture or cancel of a PaymentIntent no
    // longer requires_capture is refused (payment_intent_unexpected_state), never applied twice.
    private static final Capabilities CAPABILITIES = new Capabilities(true, false, true, true);

    private final StripeCalls calls;
    private final StripePaymentInfo payments;

    /** The provider of a shop: the account's endpoint (Stripe's own when none is set) and its secret key. */
    public StripeProvider(ShopConfig.ProviderAccount account, String secretKey) {
        this(account.endpoint() == null || account.endpoint().isBlank() ? LIVE_API_BASE : account.endpoint(), secretKey);
    }

    /** For tests and local mode: any API base, such as the sandbox's ({@code http://127.0.0.1:4711/sandbox/stripe}). */
    public StripeProvider(String apiBase, String secretKey) {
        this(new StripeCalls(apiBase, secretKey, DEFAULT_CONNECT_TIMEOUT, CallOptions.waitingAtMost(DEFAULT_READ_TIMEOUT)));
    }

    private StripeProvider(StripeCalls calls) {
        this.calls = calls;
        this.payments = new StripePaymentInfo(calls);
    }

    /** The same provider waiting at most {@code timeout} for an answer after sending (default 10 s). */
    public StripeProvider withReadTimeout(Duration timeout) {
        return new StripeProvider(calls.withReadTimeout(timeout));
    }

    /** The same provider with another connect timeout (default 3 s). */
    public StripeProvider withConnectTimeout(Duration timeout) {
        return new StripeProvider(calls.withConnectTimeout(timeout));
    }

    /** The same provider telling {@code callListener} about every call (the fields orderhook sent and read), for the debug log. */
    public StripeProvider withCallListener(ProviderCallListener callListener) {
        return new StripeProvider(calls.withCallListener(callListener));
    }

    // ---- PaymentProvider --------------------------------------------------------------------

    @Override
    public String name() {
        return "Stripe";
    }

    @Override
    public ProviderNames names() {
        return NAMES;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * The PaymentIntent with its latest charge. For a captured one, what was refunded is the sum of
     * its refunds that hold money, without the ones Stripe made itself when it released the
     * uncaptured rest of a partial capture ({@code expired_uncaptured_charge}): those are counted in
     * the charge's {@code amount_refunded} but were never captured.
     */
    @Override
    public ProviderResult status(String paymentIntentId) {
        return payments.read(paymentIntentId);
    }

    /**
     * Captures everything the PaymentIntent holds ({@code amount_capturable}). The processor calls
     * {@link #activate(String, Capture, String)}: the amount the order is owed.
     */
    @Override
    public ProviderResult activate(String paymentIntentId, String idempotencyKey) {
        return capture(paymentIntentId, null, idempotencyKey);
    }

    /**
     * Captures {@code amount} (the order's total less refunds made before capture) with
     * {@code amount_to_capture}; when it is less than the authorisation Stripe releases the rest (a
     * partial capture is final). A PaymentIntent captured already (in the Stripe Dashboard, or by an
     * earlier call whose answer was lost) answers {@link ProviderResult.Done#alreadyDone()}.
     *
     * @param amount minor units of the order's currency, at least 1
     */
    public ProviderResult activate(String paymentIntentId, long amount, String idempotencyKey) {
        if (amount <= 0) {
            return new ProviderResult.Refused(StripeAdvice.NOTHING_TO_CAPTURE, "The order totals " + amount
                    + " after its refunds, so there is nothing to capture.", Reason.UNMAPPABLE,
                    StripeAdvice.forCode(StripeAdvice.NOTHING_TO_CAPTURE));
        }
        return capture(paymentIntentId, amount, idempotencyKey);
    }

    @Override
    public ProviderResult activate(String paymentIntentId, Capture capture, String idempotencyKey) {
        return activate(paymentIntentId, capture.amountWithTax(), idempotencyKey);
    }

    /**
     * Cancels the PaymentIntent ({@code cancellation_reason=requested_by_customer}: the order was
     * cancelled in the shop); Stripe releases what it holds. One cancelled already answers
     * {@link ProviderResult.Done#alreadyDone()}.
     */
    @Override
    public ProviderResult cancel(String paymentIntentId, String idempotencyKey) {
        PaymentIntentCancelParams params = PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER)
                .build();
        Map<String, Object> sent = Map.of("cancellation_reason", "requested_by_customer");
        Answer<PaymentIntent> answer = calls.send("POST /v1/payment_intents/{id}/cancel", "cancel", true, sent,
                client -> client.v1().paymentIntents().cancel(paymentIntentId, params,
                        StripeIdempotency.options(idempotencyKey)),
                StripeRedaction::summary);
        return payments.outcome(paymentIntentId, answer, Set.of(PaymentState.CANCELLED));
    }

    /**
     * Stripe has no lines, and an authorised PaymentIntent's amount cannot be changed: the order's new
     * total (less refunds made before capture) is checked against what the customer authorised. Not
     * above it: done without changing anything at Stripe (the capture takes the lower amount). Above
     * it: an incremental authorisation when the charge offers one
     * ({@code payment_method_details.card.incremental_authorization.status = available}), a refusal
     * otherwise. One GET reads the authorisation.
     */
    @Override
    public ProviderResult update(String paymentIntentId, OrderSnapshot order,
            List<io.orderhook.order.Refund> refundsBeforeActivation, String idempotencyKey) {
        long refunded = refundsBeforeActivation.stream().mapToLong(io.orderhook.order.Refund::amount).sum();
        long target = order.total() - refunded;
        if (target <= 0) {
            return new ProviderResult.Refused(StripeAdvice.NOTHING_TO_CAPTURE, "The order totals " + target
                    + " after its refunds; a Stripe authorisation cannot be lowered to nothing.", Reason.UNMAPPABLE,
                    StripeAdvice.forCode(StripeAdvice.NOTHING_TO_CAPTURE));
        }
        Answer<PaymentIntent> answer = payments.retrieve(paymentIntentId);
        if (answer.failure() != null) {
            return answer.failure();
        }
        PaymentIntent intent = answer.value();
        if (!intent.getCurrency().equalsIgnoreCase(order.currency())) {
            return new ProviderResult.Refused(StripeAdvice.CURRENCY, "The order is in " + order.currency()
                    + " but PaymentIntent " + paymentIntentId + " is in " + intent.getCurrency().toUpperCase(Locale.ROOT)
                    + ".", Reason.UNMAPPABLE, StripeAdvice.forCode(StripeAdvice.CURRENCY));
        }
        if (!"requires_capture".equals(intent.getStatus())) {
            return new ProviderResult.Refused(StripeAdvice.PAYMENT_INTENT_STATUS, "PaymentIntent " + paymentIntentId
                    + " has status " + intent.getStatus() + "; only an authorised one (requires_capture) can take"
                    + " the order's new total.", Reason.OTHER, StripeAdvice.forStatus(intent.getStatus()));
        }
        long capturable = StripePaymentInfo.amount(intent.getAmountCapturable());
        if (target <= capturable) {
            return new ProviderResult.Done(paymentIntentId, null);
        }
        if (!StripePaymentInfo.incrementAvailable(intent)) {
            return new ProviderResult.Refused(StripeAdvice.ABOVE_AUTHORIZATION, "The order now totals " + target
                    + " but the customer authorised " + capturable + " (minor units of " + order.currency()
                    + "), and Stripe offers no incremental authorisation for this card.", Reason.OTHER,
                    StripeAdvice.forCode(StripeAdvice.ABOVE_AUTHORIZATION));
        }
        PaymentIntentIncrementAuthorizationParams params = PaymentIntentIncrementAuthorizationParams.builder()
                .setAmount(target)
                .build();
        Answer<PaymentIntent> increment = calls.send("POST /v1/payment_intents/{id}/increment_authorization",
                "increment_authorization", true, Map.of("amount", target),
                client -> client.v1().paymentIntents().incrementAuthorization(paymentIntentId, params,
                        StripeIdempotency.options(idempotencyKey)),
                StripeRedaction::summary);
        return increment.failure() != null ? increment.failure()
                : new ProviderResult.Done(paymentIntentId, StripePaymentInfo.basic(increment.value()));
    }

    /**
     * {@code POST /v1/refunds} for the PaymentIntent with the refund's amount (always given, also for
     * the whole payment: orderhook decides the amount, not what Stripe thinks is left),
     * {@code reason=requested_by_customer} and orderhook's reference in the metadata
     * ({@link StripeRefundRequest}). The number is the refund's id ({@code re_…}). Stripe has no tax
     * rates, so nothing is moved per rate.
     */
    @Override
    public ProviderResult credit(String paymentIntentId, OrderSnapshot order, io.orderhook.order.Refund refund,
            TaxSplit creditedBefore, boolean wholePayment, String idempotencyKey) {
        if (refund.amount() <= 0) {
            return new ProviderResult.Refused(StripeAdvice.NOTHING_TO_REFUND, "Refund " + refund.refundId()
                    + " returns " + refund.amount() + "; Stripe refunds only positive amounts.", Reason.UNMAPPABLE, null);
        }
        StripeRefundRequest request = StripeRefundRequest.of(paymentIntentId, order, refund, idempotencyKey);
        Answer<Refund> answer = calls.send("POST /v1/refunds", "refund", true, request.sent(),
                client -> client.v1().refunds().create(request.params(), StripeIdempotency.options(idempotencyKey)),
                StripeRedaction::summary);
        if (answer.failure() != null) {
            return answer.failure();
        }
        Refund created = answer.value();
        if (!StripePaymentInfo.REFUND_COUNTS.contains(created.getStatus())) {
            return new ProviderResult.Refused(StripeAdvice.REFUND_FAILED, "Stripe's refund " + created.getId()
                    + " has status " + created.getStatus()
                    + (created.getFailureReason() == null ? "" : " (" + created.getFailureReason() + ")") + ".",
                    Reason.OTHER, StripeAdvice.forCode(StripeAdvice.REFUND_FAILED));
        }
        return new ProviderResult.Done(created.getId(), null, false, TaxSplit.EMPTY);
    }

    // ---- Stripe's statuses ------------------------------------------------------------------

    /**
     * A PaymentIntent's status in orderhook's terms; {@code succeeded} is ACTIVATED here and CREDITED
     * once refunds return all that was captured ({@link #status}). The table is
     * {@link StripePaymentInfo#state}.
     */
    public static PaymentState state(String status) {
        return StripePaymentInfo.state(status);
    }

    // ---- calls ------------------------------------------------------------------------------

    private ProviderResult capture(String paymentIntentId, Long amount, String idempotencyKey) {
        PaymentIntentCaptureParams.Builder builder = PaymentIntentCaptureParams.builder();
        Map<String, Object> sent = new LinkedHashMap<>();
        if (amount != null) {
            builder.setAmountToCapture(amount);
            sent.put("amount_to_capture", amount);
        }
        PaymentIntentCaptureParams params = builder.build();
        Answer<PaymentIntent> answer = calls.send("POST /v1/payment_intents/{id}/capture", "capture", true, sent,
                client -> client.v1().paymentIntents().capture(paymentIntentId, params,
                        StripeIdempotency.options(idempotencyKey)),
                StripeRedaction::summary);
        return payments.outcome(paymentIntentId, answer, Set.of(PaymentState.ACTIVATED, PaymentState.CREDITED));
    }

    @Override
    public String toString() {
        // Never the key.
        return "StripeProvider[" + calls.apiBase() + "]";
    }
}
