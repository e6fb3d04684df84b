package io.orderhook.provider.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundListParams;

import io.orderhook.order.TaxSplit;
import io.orderhook.provider.AuthorisationLapse;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.stripe.StripeCalls.Answer;

/**
 * A PaymentIntent as orderhook's {@link PaymentInfo}: its status in orderhook's terms, and for a
 * captured one what was received and what its refunds returned.
 */
final class StripePaymentInfo {
    /** How long an online card authorisation lives when the charge does not say (Visa, Mastercard, Amex, Discover). */
    static final Duration CARD_WINDOW = Duration.ofDays(7);

    /** Stripe's own reason for a refund it made when it released an uncaptured amount. */
    static final String RELEASE_REASON = "expired_uncaptured_charge";
    /** Refunds that hold or will hold money returned: failed and canceled ones returned nothing. */
    static final Set<String> REFUND_COUNTS = Set.of("pending", "requires_action", "succeeded");

    private final StripeCalls calls;

    StripePaymentInfo(StripeCalls calls) {
        this.calls = calls;
    }

    /**
     * The PaymentIntent with its latest charge. For a captured one, what was refunded is the sum of
     * its refunds that hold money, without the ones Stripe made itself when it released the
     * uncaptured rest of a partial capture ({@code expired_uncaptured_charge}): those are counted in
     * the charge's {@code amount_refunded} but were never captured.
     */
    ProviderResult read(String paymentIntentId) {
        Answer<PaymentIntent> answer = retrieve(paymentIntentId);
        if (answer.failure() != null) {
            return answer.failure();
        }
        return info(answer.value());
    }

    /**
     * What a capture or cancel came to: done with the PaymentIntent it answered; when refused
     * because the PaymentIntent is not in the status the call needs
     * ({@code payment_intent_unexpected_state}), as {@link #confirmedAlready}; its failure otherwise.
     *
     * @param states where the call takes the PaymentIntent
     */
    ProviderResult outcome(String paymentIntentId, Answer<PaymentIntent> answer, Set<PaymentState> states) {
        if (answer.failure() == null) {
            return new ProviderResult.Done(paymentIntentId, basic(answer.value()));
        }
        if ("payment_intent_unexpected_state".equals(answer.code())) {
            return confirmedAlready(paymentIntentId, (ProviderResult.Refused) answer.failure(), states);
        }
        return answer.failure();
    }

    /**
     * A capture or cancel refused because the PaymentIntent is not in the status it needs: done when
     * it is where the call would take it (captured or cancelled in the Stripe Dashboard, or by an
     * earlier call whose answer was lost), the refusal with advice for the status it has otherwise.
     */
    private ProviderResult confirmedAlready(String paymentIntentId, ProviderResult.Refused refused,
            Set<PaymentState> states) {
        ProviderResult status = read(paymentIntentId);
        return switch (status.kind()) {
            case DONE -> {
                PaymentInfo info = ((ProviderResult.Done) status).info();
                yield states.contains(info.state()) ? new ProviderResult.Done(paymentIntentId, info, true, TaxSplit.EMPTY)
                        : new ProviderResult.Refused(refused.code(), refused.message(), refused.reason(),
                                StripeAdvice.forStatus(info.providerStatus()));
            }
            // Stripe refused the call, so this call applied nothing; whether it was done already is asked again later.
            case TRANSIENT -> new ProviderResult.Transient("Stripe refused it as "
                    + refused.code() + " and its status could not be read: " + ((ProviderResult.Transient) status).reason(),
                    false);
            case REFUSED -> refused;
        };
    }

    /** {@code GET} the PaymentIntent with its latest charge expanded. */
    Answer<PaymentIntent> retrieve(String paymentIntentId) {
        PaymentIntentRetrieveParams params = PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build();
        return calls.send("GET /v1/payment_intents/{id}", "retrieve", false, Map.of("expand", List.of("latest_charge")),
                client -> client.v1().paymentIntents().retrieve(paymentIntentId, params, RequestOptions.getDefault()),
                StripeRedaction::summary);
    }

    private ProviderResult info(PaymentIntent intent) {
        String status = intent.getStatus();
        PaymentState state = state(status);
        if (state != PaymentState.ACTIVATED) {
            return new ProviderResult.Done(intent.getId(), basic(intent));
        }
        long received = amount(intent.getAmountReceived());
        Charge charge = intent.getLatestChargeObject();
        long refunded = 0;
        // Nothing refunded on the charge (not even a released rest): no refunds to add up.
        if (charge == null || amount(charge.getAmountRefunded()) > 0) {
            Answer<List<Refund>> refunds = refunds(intent.getId());
            if (refunds.failure() != null) {
                return refunds.failure();
            }
            refunded = refunds.value().stream()
                    .filter(r -> REFUND_COUNTS.contains(r.getStatus()) && !RELEASE_REASON.equals(r.getReason()))
                    .mapToLong(r -> amount(r.getAmount()))
                    .sum();
        }
        PaymentState credited = received > 0 && refunded >= received ? PaymentState.CREDITED : PaymentState.ACTIVATED;
        return new ProviderResult.Done(intent.getId(), new PaymentInfo(intent.getId(), credited, status, received, refunded));
    }

    /** Every refund of the PaymentIntent, page by page (100 a page). */
    private Answer<List<Refund>> refunds(String paymentIntentId) {
        List<Refund> all = new ArrayList<>();
        String after = null;
        while (true) {
            RefundListParams.Builder builder = RefundListParams.builder().setPaymentIntent(paymentIntentId).setLimit(100L);
            if (after != null) {
                builder.setStartingAfter(after);
            }
            RefundListParams params = builder.build();
            Map<String, Object> sent = after == null ? Map.of("payment_intent", paymentIntentId, "limit", 100)
                    : Map.of("payment_intent", paymentIntentId, "limit", 100, "starting_after", after);
            Answer<StripeCollection<Refund>> page = calls.send("GET /v1/refunds", "list refunds", false, sent,
                    client -> client.v1().refunds().list(params, RequestOptions.getDefault()),
                    StripeRedaction::summary);
            if (page.failure() != null) {
                return new Answer<>(null, page.failure(), page.code());
            }
            List<Refund> data = page.value().getData() == null ? List.of() : page.value().getData();
            all.addAll(data);
            if (!Boolean.TRUE.equals(page.value().getHasMore()) || data.isEmpty()) {
                return new Answer<>(all, null, null);
            }
            after = data.get(data.size() - 1).getId();
        }
    }

    /** The PaymentIntent without its refunds: what it received once captured, its amount before. */
    static PaymentInfo basic(PaymentIntent intent) {
        PaymentState state = state(intent.getStatus());
        long total = state == PaymentState.ACTIVATED ? amount(intent.getAmountReceived()) : amount(intent.getAmount());
        return new PaymentInfo(intent.getId(), state, intent.getStatus(), total, 0,
                state == PaymentState.RESERVED ? lapse(intent.getLatestChargeObject()) : null);
    }

    /**
     * The charge's {@code payment_method_details.card.capture_before}, Stripe's own deadline; without it
     * the card schemes' 7 days for an online payment the customer made (Stripe's "place a hold" guide).
     */
    static AuthorisationLapse lapse(Charge charge) {
        Long before = charge == null || charge.getPaymentMethodDetails() == null
                || charge.getPaymentMethodDetails().getCard() == null ? null
                : charge.getPaymentMethodDetails().getCard().getCaptureBefore();
        return before != null ? AuthorisationLapse.reported(Instant.ofEpochSecond(before), "Stripe's capture_before")
                : AuthorisationLapse.after(CARD_WINDOW, "the card schemes' 7 days for an online card payment");
    }

    /**
     * A PaymentIntent's status in orderhook's terms; {@code succeeded} is ACTIVATED here and CREDITED
     * once refunds return all that was captured ({@link #read}).
     */
    static PaymentState state(String status) {
        return switch (status == null ? "" : status) {
            case "requires_capture" -> PaymentState.RESERVED;
            case "succeeded" -> PaymentState.ACTIVATED;
            case "canceled" -> PaymentState.CANCELLED;
            // The customer's payment is not complete yet: nothing can be captured until it is.
            case "processing", "requires_action", "requires_confirmation", "requires_payment_method" ->
                    PaymentState.PENDING;
            default -> PaymentState.AMBIGUOUS;
        };
    }

    /** Whether the latest charge's card offers an incremental authorisation. */
    static boolean incrementAvailable(PaymentIntent intent) {
        Charge charge = intent.getLatestChargeObject();
        if (charge == null || charge.getPaymentMethodDetails() == null || charge.getPaymentMethodDetails().getCard() == null) {
            return false;
        }
        Charge.PaymentMethodDetails.Card.IncrementalAuthorization incremental =
                charge.getPaymentMethodDetails().getCard().getIncrementalAuthorization();
        return incremental != null && "available".equals(incremental.getStatus());
    }

    /** An amount Stripe left out counts as 0. */
    static long amount(Long amount) {
        return amount == null ? 0 : amount;
    }
}
