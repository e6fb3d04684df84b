package io.orderhook.provider.stripe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.net.ApiResource;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentIncrementAuthorizationParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;

import io.orderhook.json.Json;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.ProviderResult.Refused.Reason;
import io.orderhook.shop.ShopConfig;

/**
 * Stripe PaymentIntents with manual capture, through Stripe's official Java SDK. The payment number
 * is the PaymentIntent id ({@code pi_…}, which the WooCommerce Stripe Gateway keeps in the order
 * meta {@code _stripe_intent_id}); the shop's secret key authenticates.
 *
 * <p>One {@link StripeClient} per shop account, with its own API base (the sandbox's in tests and
 * local mode), timeouts and no SDK retries: nothing global is set, since one JVM serves many shops,
 * and orderhook's processor decides about retries. Every call that changes the payment carries an
 * {@code Idempotency-Key} made from orderhook's step key, which is stable across retries of a step:
 * Stripe answers a repeat with the first answer, so a retry after a lost answer never captures or
 * refunds twice.
 *
 * <p>Stripe has no order lines: {@link #update} only checks that the authorisation covers the
 * order's new total (a lower total is captured by {@link #activate(String, long, String)}; a higher
 * one needs an incremental authorisation), and a credit is an amount.
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

    /** Stripe's own reason for a refund it made when it released an uncaptured amount. */
    static final String RELEASE_REASON = "expired_uncaptured_charge";

    private static final ProviderNames NAMES = new ProviderNames("Stripe", "Stripe", "the Stripe Dashboard");
    // Keys honoured (a repeat answers the first answer); lines cannot change after capture; part of an
    // authorisation can be captured (the rest is released); a capture or cancel of a PaymentIntent no
    // longer requires_capture is refused (payment_intent_unexpected_state), never applied twice.
    private static final Capabilities CAPABILITIES = new Capabilities(true, false, true, true);
    /** Refunds that hold or will hold money returned: failed and canceled ones returned nothing. */
    private static final Set<String> REFUND_COUNTS = Set.of("pending", "requires_action", "succeeded");
    private static final int MAX_KEY_LENGTH = 255;

    private final String apiBase;
    private final String secretKey;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final ProviderCallListener listener;
    private final StripeClient client;

    /** The provider of a shop: the account's endpoint (Stripe's own when none is set) and its secret key. */
    public StripeProvider(ShopConfig.ProviderAccount account, String secretKey) {
        this(account.endpoint() == null || account.endpoint().isBlank() ? LIVE_API_BASE : account.endpoint(), secretKey);
    }

    /** For tests and local mode: any API base, such as the sandbox's ({@code http://127.0.0.1:4711/sandbox/stripe}). */
    public StripeProvider(String apiBase, String secretKey) {
        this(apiBase, secretKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, ProviderCallListener.NONE);
    }

    private StripeProvider(String apiBase, String secretKey, Duration connectTimeout, Duration readTimeout,
            ProviderCallListener listener) {
        this.apiBase = stripTrailingSlash(Objects.requireNonNull(apiBase, "apiBase"));
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.listener = Objects.requireNonNull(listener, "listener");
        // No key: every call is refused as a credentials problem instead of the SDK's exception.
        this.client = secretKey.isBlank() ? null : StripeClient.builder()
                .setApiKey(secretKey)
                .setApiBase(this.apiBase)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setReadTimeout((int) readTimeout.toMillis())
                .setMaxNetworkRetries(0)
                .build();
    }

    /** The same provider waiting at most {@code timeout} for an answer after sending (default 10 s). */
    public StripeProvider withReadTimeout(Duration timeout) {
        return new StripeProvider(apiBase, secretKey, connectTimeout, timeout, listener);
    }

    /** The same provider with another connect timeout (default 3 s). */
    public StripeProvider withConnectTimeout(Duration timeout) {
        return new StripeProvider(apiBase, secretKey, timeout, readTimeout, listener);
    }

    /** The same provider telling {@code callListener} about every call (the fields orderhook sent and read), for the debug log. */
    public StripeProvider withCallListener(ProviderCallListener callListener) {
        return new StripeProvider(apiBase, secretKey, connectTimeout, readTimeout, callListener);
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
        Answer<PaymentIntent> answer = retrieve(paymentIntentId);
        if (answer.failure() != null) {
            return answer.failure();
        }
        return info(answer.value());
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
        Answer<PaymentIntent> answer = send("POST /v1/payment_intents/{id}/cancel", "cancel", true, sent,
                () -> client.v1().paymentIntents().cancel(paymentIntentId, params, options(idempotencyKey)),
                StripeProvider::summary);
        if (answer.failure() == null) {
            return new ProviderResult.Done(paymentIntentId, basicInfo(answer.value()));
        }
        if ("payment_intent_unexpected_state".equals(answer.code())) {
            return confirmedAlready(paymentIntentId, (ProviderResult.Refused) answer.failure(),
                    Set.of(PaymentState.CANCELLED));
        }
        return answer.failure();
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
        Answer<PaymentIntent> answer = retrieve(paymentIntentId);
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
        long capturable = value(intent.getAmountCapturable());
        if (target <= capturable) {
            return new ProviderResult.Done(paymentIntentId, null);
        }
        if (!incrementAvailable(intent)) {
            return new ProviderResult.Refused(StripeAdvice.ABOVE_AUTHORIZATION, "The order now totals " + target
                    + " but the customer authorised " + capturable + " (minor units of " + order.currency()
                    + "), and Stripe offers no incremental authorisation for this card.", Reason.OTHER,
                    StripeAdvice.forCode(StripeAdvice.ABOVE_AUTHORIZATION));
        }
        PaymentIntentIncrementAuthorizationParams params = PaymentIntentIncrementAuthorizationParams.builder()
                .setAmount(target)
                .build();
        Answer<PaymentIntent> increment = send("POST /v1/payment_intents/{id}/increment_authorization",
                "increment_authorization", true, Map.of("amount", target),
                () -> client.v1().paymentIntents().incrementAuthorization(paymentIntentId, params,
                        options(idempotencyKey)),
                StripeProvider::summary);
        return increment.failure() != null ? increment.failure()
                : new ProviderResult.Done(paymentIntentId, basicInfo(increment.value()));
    }

    /**
     * {@code POST /v1/refunds} for the PaymentIntent with the refund's amount (always given, also for
     * the whole payment: orderhook decides the amount, not what Stripe thinks is left),
     * {@code reason=requested_by_customer} and orderhook's reference in the metadata. The number is the
     * refund's id ({@code re_…}). Stripe has no tax rates, so nothing is moved per rate.
     */
    @Override
    public ProviderResult credit(String paymentIntentId, OrderSnapshot order, io.orderhook.order.Refund refund,
            TaxSplit creditedBefore, boolean wholePayment, String idempotencyKey) {
        if (refund.amount() <= 0) {
            return new ProviderResult.Refused(StripeAdvice.NOTHING_TO_REFUND, "Refund " + refund.refundId()
                    + " returns " + refund.amount() + "; Stripe refunds only positive amounts.", Reason.UNMAPPABLE, null);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("orderhook_key", truncate(idempotencyKey, 500));
        metadata.put("order_id", truncate(order.orderId(), 500));
        metadata.put("order_number", truncate(order.orderNumber(), 500));
        metadata.put("refund_id", truncate(refund.refundId(), 500));
        if (refund.reason() != null && !refund.reason().isBlank()) {
            // As the WooCommerce Stripe Gateway sends it: metadata values are at most 500 characters.
            metadata.put("reason", truncate(refund.reason().strip(), 500));
        }
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(refund.amount())
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putAllMetadata(metadata)
                .build();
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("payment_intent", paymentIntentId);
        sent.put("amount", refund.amount());
        sent.put("reason", "requested_by_customer");
        sent.put("metadata", metadata.keySet());
        Answer<Refund> answer = send("POST /v1/refunds", "refund", true, sent,
                () -> client.v1().refunds().create(params, options(idempotencyKey)),
                StripeProvider::summary);
        if (answer.failure() != null) {
            return answer.failure();
        }
        Refund created = answer.value();
        if (!REFUND_COUNTS.contains(created.getStatus())) {
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
     * once refunds return all that was captured ({@link #status}).
     */
    public static PaymentState state(String status) {
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

    // ---- calls ------------------------------------------------------------------------------

    private ProviderResult capture(String paymentIntentId, Long amount, String idempotencyKey) {
        PaymentIntentCaptureParams.Builder builder = PaymentIntentCaptureParams.builder();
        Map<String, Object> sent = new LinkedHashMap<>();
        if (amount != null) {
            builder.setAmountToCapture(amount);
            sent.put("amount_to_capture", amount);
        }
        PaymentIntentCaptureParams params = builder.build();
        Answer<PaymentIntent> answer = send("POST /v1/payment_intents/{id}/capture", "capture", true, sent,
                () -> client.v1().paymentIntents().capture(paymentIntentId, params, options(idempotencyKey)),
                StripeProvider::summary);
        if (answer.failure() == null) {
            return new ProviderResult.Done(paymentIntentId, basicInfo(answer.value()));
        }
        if ("payment_intent_unexpected_state".equals(answer.code())) {
            return confirmedAlready(paymentIntentId, (ProviderResult.Refused) answer.failure(),
                    Set.of(PaymentState.ACTIVATED, PaymentState.CREDITED));
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
        ProviderResult status = status(paymentIntentId);
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

    private Answer<PaymentIntent> retrieve(String paymentIntentId) {
        PaymentIntentRetrieveParams params = PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build();
        return send("GET /v1/payment_intents/{id}", "retrieve", false, Map.of("expand", List.of("latest_charge")),
                () -> client.v1().paymentIntents().retrieve(paymentIntentId, params, RequestOptions.getDefault()),
                StripeProvider::summary);
    }

    private ProviderResult info(PaymentIntent intent) {
        String status = intent.getStatus();
        PaymentState state = state(status);
        if (state != PaymentState.ACTIVATED) {
            return new ProviderResult.Done(intent.getId(), basicInfo(intent));
        }
        long received = value(intent.getAmountReceived());
        Charge charge = intent.getLatestChargeObject();
        long refunded = 0;
        // Nothing refunded on the charge (not even a released rest): no refunds to add up.
        if (charge == null || value(charge.getAmountRefunded()) > 0) {
            Answer<List<Refund>> refunds = refunds(intent.getId());
            if (refunds.failure() != null) {
                return refunds.failure();
            }
            refunded = refunds.value().stream()
                    .filter(r -> REFUND_COUNTS.contains(r.getStatus()) && !RELEASE_REASON.equals(r.getReason()))
                    .mapToLong(r -> value(r.getAmount()))
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
            Answer<StripeCollection<Refund>> page = send("GET /v1/refunds", "list refunds", false, sent,
                    () -> client.v1().refunds().list(params, RequestOptions.getDefault()),
                    StripeProvider::summary);
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

    private static PaymentInfo basicInfo(PaymentIntent intent) {
        PaymentState state = state(intent.getStatus());
        long total = state == PaymentState.ACTIVATED ? value(intent.getAmountReceived()) : value(intent.getAmount());
        return new PaymentInfo(intent.getId(), state, intent.getStatus(), total, 0);
    }

    private static boolean incrementAvailable(PaymentIntent intent) {
        Charge charge = intent.getLatestChargeObject();
        if (charge == null || charge.getPaymentMethodDetails() == null || charge.getPaymentMethodDetails().getCard() == null) {
            return false;
        }
        Charge.PaymentMethodDetails.Card.IncrementalAuthorization incremental =
                charge.getPaymentMethodDetails().getCard().getIncrementalAuthorization();
        return incremental != null && "available".equals(incremental.getStatus());
    }

    /**
     * Request options carrying the idempotency key. Stripe takes keys of up to 255 characters; a
     * longer step key (or one with characters a header cannot carry) is sent as its SHA-256, which is
     * as stable across retries as the key itself.
     */
    static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(stripeKey(idempotencyKey)).build();
    }

    static String stripeKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("every call that changes a Stripe payment needs orderhook's step key");
        }
        String key = idempotencyKey.strip();
        boolean printable = key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (key.length() <= MAX_KEY_LENGTH && printable) {
            return key;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "orderhook-sha256-" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---- the exchange -----------------------------------------------------------------------

    @FunctionalInterface
    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    /**
     * One call's answer: the value, or the outcome it failed with and Stripe's error code.
     *
     * @param code Stripe's error code when Stripe answered with an error, for the callers that read one
     */
    private record Answer<T>(T value, ProviderResult failure, String code) {}

    private <T> Answer<T> send(String endpoint, String function, boolean changesPayment, Map<String, Object> sent,
            StripeCall<T> call, java.util.function.Function<T, Object> summary) {
        long started = System.nanoTime();
        if (client == null) {
            ProviderResult failure = new ProviderResult.Refused(StripeAdvice.CREDENTIALS, "No Stripe secret key is set"
                    + " for this shop.", Reason.CREDENTIALS, StripeAdvice.forCode(StripeAdvice.CREDENTIALS));
            report(endpoint, sent, null, 0, started, failure);
            return new Answer<>(null, failure, null);
        }
        T value;
        try {
            value = call.call();
        } catch (StripeException e) {
            ProviderResult failure = StripeErrors.of(e, function, changesPayment);
            report(endpoint, sent, e.getStripeError() == null ? null : Map.of("error", errorSummary(e)),
                    e.getStatusCode() == null ? 0 : e.getStatusCode(), started, failure);
            return new Answer<>(null, failure, StripeErrors.code(e));
        } catch (RuntimeException e) {
            // The SDK fails this way on an answer it cannot parse (an empty error body, a proxy's page).
            ProviderResult failure = StripeErrors.unreadable(function, changesPayment);
            report(endpoint, sent, null, 0, started, failure);
            return new Answer<>(null, failure, null);
        }
        report(endpoint, sent, summary.apply(value), httpStatus(value), started, null);
        return new Answer<>(value, null, null);
    }

    private void report(String endpoint, Map<String, Object> sent, Object received, int httpStatus, long started,
            ProviderResult failure) {
        if (listener == ProviderCallListener.NONE) {
            return;
        }
        try {
            listener.called(new ProviderCallListener.Call(endpoint, Json.write(sent),
                    received == null ? null : Json.write(received), httpStatus,
                    Duration.ofNanos(System.nanoTime() - started), outcome(failure)));
        } catch (RuntimeException e) {
            // The debug log must never change the outcome of a payment call.
        }
    }

    private static String outcome(ProviderResult failure) {
        if (failure == null) {
            return "done";
        }
        return switch (failure.kind()) {
            case DONE -> "done";
            case REFUSED -> "refused " + ((ProviderResult.Refused) failure).code();
            case TRANSIENT -> {
                ProviderResult.Transient t = (ProviderResult.Transient) failure;
                yield (t.outcomeUnknown() ? "unknown: " : "transient: ") + t.reason();
            }
        };
    }

    private static int httpStatus(Object value) {
        if (value instanceof ApiResource resource && resource.getLastResponse() != null) {
            return resource.getLastResponse().code();
        }
        if (value instanceof StripeCollection<?> collection && collection.getLastResponse() != null) {
            return collection.getLastResponse().code();
        }
        return 0;
    }

    /** What the debug log keeps of a PaymentIntent: no customer, card or address details. */
    private static Object summary(PaymentIntent intent) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", intent.getId());
        s.put("status", intent.getStatus());
        s.put("amount", intent.getAmount());
        s.put("amount_capturable", intent.getAmountCapturable());
        s.put("amount_received", intent.getAmountReceived());
        s.put("currency", intent.getCurrency());
        s.put("cancellation_reason", intent.getCancellationReason());
        Charge charge = intent.getLatestChargeObject();
        if (charge != null) {
            s.put("latest_charge", Map.of("id", charge.getId(), "amount_captured", value(charge.getAmountCaptured()),
                    "amount_refunded", value(charge.getAmountRefunded())));
        } else if (intent.getLatestCharge() != null) {
            s.put("latest_charge", intent.getLatestCharge());
        }
        return s;
    }

    private static Object summary(Refund refund) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", refund.getId());
        s.put("status", refund.getStatus());
        s.put("amount", refund.getAmount());
        s.put("reason", refund.getReason());
        return s;
    }

    private static Object summary(StripeCollection<Refund> page) {
        List<Object> data = new ArrayList<>();
        if (page.getData() != null) {
            page.getData().forEach(r -> data.add(summary(r)));
        }
        return Map.of("data", data, "has_more", Boolean.TRUE.equals(page.getHasMore()));
    }

    private static Map<String, Object> errorSummary(StripeException e) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", e.getStripeError().getType());
        s.put("code", e.getStripeError().getCode());
        s.put("decline_code", e.getStripeError().getDeclineCode());
        s.put("param", e.getStripeError().getParam());
        s.put("message", e.getStripeError().getMessage());
        return s;
    }

    private static long value(Long amount) {
        return amount == null ? 0 : amount;
    }

    private static String truncate(String text, int max) {
        String value = text == null ? "" : text;
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String stripTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public String toString() {
        // Never the key.
        return "StripeProvider[" + apiBase + "]";
    }
}
