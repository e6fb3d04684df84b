package io.orderhook.provider.klarna;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.CallOptions;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderHttp;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.ShopConfig;

/**
 * The Klarna Order Management API v1 client ({@code /ordermanagement/v1/orders/{order_id}/...}):
 * JSON over HTTPS with HTTP Basic auth, one regional host per account ({@link KlarnaRegion}).
 * Klarna has no Java SDK for Order Management, so this speaks the API with {@code java.net.http}.
 *
 * <p>Every POST and PATCH carries a {@code Klarna-Idempotency-Key} derived from orderhook's step
 * key ({@link KlarnaIdempotencyKey}): Klarna executes a call at most once per key within 24 hours
 * and answers a repeat with the first answer. So a call whose answer never came (a timeout, a
 * dropped connection, a 5xx) is reported as {@link ProviderResult.Transient#outcomeUnknown()}, and
 * sending the same step again with the same key within 24 hours cannot apply it twice. The order
 * itself ({@link #status}) tells captured and refunded amounts, so an unknown outcome can also be
 * read. Requests are never retried here, and redirects never followed.
 *
 * <p>Errors are HTTP statuses with {@code {error_code, error_messages, correlation_id}}: 4xx are
 * refusals with Klarna's code and words and what the merchant can do ({@link KlarnaAdvice}); 5xx,
 * 408, 409 and 429 are transient.
 *
 * <p>{@link KlarnaHttp} makes the calls, {@link KlarnaCapture} captures and releases the rest, and
 * {@link KlarnaLines} turns orders and refunds into Klarna's order lines.
 */
public final class KlarnaProvider implements PaymentProvider {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Klarna's WooCommerce plugins wait 10 s too. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Klarna asks integrations to name themselves. */
    public static final String USER_AGENT = "orderhook/0.1 (Klarna Order Management v1)";
    public static final String IDEMPOTENCY_HEADER = "Klarna-Idempotency-Key";

    private static final ProviderNames NAMES = new ProviderNames("Klarna", "Klarna Checkout", "the Klarna merchant portal");
    /**
     * Idempotency keys: yes (24 h). Update after capture: no (orderhook captures once and releases
     * the rest). Partial capture: yes. A repeated capture is not refused by Klarna as such (a
     * part-captured order takes another capture), so repeats rely on the key, not on a refusal.
     * Extending the authorisation: yes ({@code extend-authorization-time}).
     */
    private static final Capabilities CAPABILITIES = new Capabilities(true, false, true, false, true);

    private final KlarnaHttp http;

    /**
     * The provider of a shop's account: {@code endpoint} a region ({@code eu}, {@code na}, {@code oc};
     * the playground host in test mode) or a URL; {@code secret} the API {@code username:password}.
     * A secret of another form is not an exception: every call answers a credentials refusal.
     */
    public KlarnaProvider(ShopConfig.ProviderAccount account, String secret, HttpClient http) {
        this(new KlarnaHttp(KlarnaRegion.baseUrl(account.endpoint(), account.testMode()),
                KlarnaCredentials.fromSecret(secret), http, CallOptions.waitingAtMost(DEFAULT_READ_TIMEOUT)));
    }

    /** For tests and local mode: any base URL, such as the sandbox's. */
    public KlarnaProvider(URI baseUrl, KlarnaCredentials credentials, HttpClient http) {
        this(new KlarnaHttp(baseUrl, Optional.of(credentials), http, CallOptions.waitingAtMost(DEFAULT_READ_TIMEOUT)));
    }

    private KlarnaProvider(KlarnaHttp http) {
        this.http = http;
    }

    /** An HTTP client with the default connect timeout (3 s) that never follows redirects. */
    public static HttpClient httpClient() {
        return httpClient(DEFAULT_CONNECT_TIMEOUT);
    }

    public static HttpClient httpClient(Duration connectTimeout) {
        return ProviderHttp.client(connectTimeout);
    }

    /** The same provider waiting at most {@code timeout} for an answer after sending (default 10 s). */
    public KlarnaProvider withReadTimeout(Duration timeout) {
        return new KlarnaProvider(http.withReadTimeout(timeout));
    }

    /** The same provider telling {@code callListener} about every call (redacted), for the debug log. */
    public KlarnaProvider withCallListener(ProviderCallListener callListener) {
        return new KlarnaProvider(http.withCallListener(callListener));
    }

    // ---- PaymentProvider --------------------------------------------------------------------

    @Override
    public String name() {
        return "Klarna";
    }

    @Override
    public ProviderNames names() {
        return NAMES;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** {@code GET} the order: {@link ProviderResult.Done#info()} with state, total and refunded amount. */
    @Override
    public ProviderResult status(String orderId) {
        KlarnaOrder.Read read = readOrder(orderId);
        if (read instanceof KlarnaOrder.Read.Found found) {
            return new ProviderResult.Done(orderId, found.order().paymentInfo());
        }
        return ((KlarnaOrder.Read.Failed) read).result();
    }

    /**
     * Captures everything still authorised, without lines (Klarna keeps the order's own). The
     * processor calls {@link #activate(String, Capture, String)}, which captures what the order now
     * totals and releases the rest.
     */
    @Override
    public ProviderResult activate(String orderId, String idempotencyKey) {
        return new KlarnaCapture(http).capture(orderId, Optional.empty(), "", idempotencyKey);
    }

    /**
     * Captures what the order now totals (its lines, less the refunds made before capture), and
     * when that is less than the authorisation, releases the rest ({@code release-remaining-authorization}),
     * so the customer is never charged for it.
     *
     * <ul>
     * <li>The order is read first: already captured (in the merchant portal, or by an earlier
     *     attempt whose answer was lost) is {@code Done(alreadyDone)} with nothing captured again, and
     *     the rest is released if it is still authorised; Klarna's fraud review still running, or
     *     having stopped the order, is refused before anything is sent.</li>
     * <li>Anything else is sent: Klarna itself refuses a cancelled or expired order or an amount above
     *     what is authorised ({@code 403 CAPTURE_NOT_ALLOWED}).</li>
     * <li>The capture and the release carry their own idempotency keys, both derived from
     *     {@code idempotencyKey}: repeating the step repeats neither.</li>
     * </ul>
     */
    public ProviderResult activate(String orderId, OrderSnapshot order, List<Refund> refundsBeforeActivation,
            String idempotencyKey) {
        return withLines(() -> KlarnaLines.forReservation(order, refundsBeforeActivation),
                lines -> new KlarnaCapture(http).capture(orderId, Optional.of(lines), order.orderNumber(), idempotencyKey));
    }

    /** The processor's capture: by the order's lines, less the refunds made before it. */
    @Override
    public ProviderResult activate(String orderId, Capture capture, String idempotencyKey) {
        return activate(orderId, capture.order(), capture.refundsBeforeActivation(), idempotencyKey);
    }

    /**
     * {@code POST .../cancel}. Klarna refuses to cancel an order that is already cancelled or that
     * has captures (403); the order is then read, and one that is released already is
     * {@code Done(alreadyDone)}.
     */
    @Override
    public ProviderResult cancel(String orderId, String idempotencyKey) {
        ProviderResult result = http.send(orderId, "POST", "cancel", null, idempotencyKey, reply -> done(orderId));
        if (result instanceof ProviderResult.Refused refused && refused.reason() == ProviderResult.Refused.Reason.OTHER) {
            KlarnaOrder.Read read = readOrder(orderId);
            if (read instanceof KlarnaOrder.Read.Found found && found.order().state() == PaymentState.CANCELLED) {
                return new ProviderResult.Done(orderId, found.order().paymentInfo(), true, TaxSplit.EMPTY);
            }
        }
        return result;
    }

    /**
     * {@code PATCH .../authorization} with the order's lines and total, less the refunds made before
     * capture. Klarna decides on an increase (a new credit decision, not every payment method);
     * a refused one is {@code 403 NOT_ALLOWED}.
     */
    @Override
    public ProviderResult update(String orderId, OrderSnapshot order, List<Refund> refundsBeforeActivation,
            String idempotencyKey) {
        return withLines(() -> KlarnaLines.forReservation(order, refundsBeforeActivation), lines -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("order_amount", lines.amount());
            lines.writeTo(body.putArray("order_lines"));
            return http.send(orderId, "PATCH", "authorization", body, idempotencyKey, reply -> done(orderId));
        });
    }

    /**
     * {@code POST .../refunds} with {@code refunded_amount} and the refund's lines (its rows when they
     * add up, otherwise its amount split over the tax rates by what is left). A refund of the whole
     * captured amount ({@code wholePayment}) is the same call: Klarna has no separate "credit all".
     * {@link ProviderResult.Done#providerNumber()} is Klarna's {@code Refund-Id}.
     */
    @Override
    public ProviderResult credit(String orderId, OrderSnapshot order, Refund refund, TaxSplit creditedBefore,
            boolean wholePayment, String idempotencyKey) {
        return withLines(() -> KlarnaLines.forRefund(order, refund, creditedBefore), lines -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("refunded_amount", lines.amount());
            if (!refund.reason().isBlank()) {
                body.put("description", KlarnaLines.text(refund.reason()));
            }
            // As Klarna's WooCommerce plugin sends it: the settlement files then name the shop's refund.
            body.put("reference", KlarnaLines.text(order.orderNumber() + "|" + refund.refundId()));
            lines.writeTo(body.putArray("order_lines"));
            return http.send(orderId, "POST", "refunds", body, idempotencyKey, reply -> {
                // A replayed answer carries no Refund-Id (the reference promises status and body only).
                String refundId = reply.header("Refund-Id").or(() -> readOrder(orderId) instanceof KlarnaOrder.Read.Found f
                        ? f.order().newestRefundOf(lines.amount()) : Optional.empty()).orElse(orderId);
                return new ProviderResult.Done(refundId, null, false, lines.split());
            });
        });
    }

    // ---- Klarna operations beyond the SPI -----------------------------------------------------

    /** {@code GET} the order with everything order management needs, or why it could not be read. */
    public KlarnaOrder.Read readOrder(String orderId) {
        return http.readOrder(orderId);
    }

    /**
     * {@code POST .../extend-authorization-time}: Klarna moves {@code expires_at} to today plus the
     * merchant's authorisation period (at most 180 days after purchase); an expired order is
     * {@code 403 NOT_ALLOWED}. The key should name the day: Klarna answers a repeat within 24 hours
     * with the first answer and does not extend again.
     */
    public ProviderResult extendAuthorizationTime(String orderId, String idempotencyKey) {
        return http.send(orderId, "POST", "extend-authorization-time", null, idempotencyKey, reply -> done(orderId));
    }

    @Override
    public ProviderResult extendAuthorisation(String paymentNumber, String idempotencyKey) {
        return extendAuthorizationTime(paymentNumber, idempotencyKey);
    }

    /**
     * {@code POST .../release-remaining-authorization}: gives up what is authorised and not captured
     * of a part-captured order. An order without captures is cancelled instead (Klarna: 403).
     */
    public ProviderResult releaseRemainingAuthorization(String orderId, String idempotencyKey) {
        return new KlarnaCapture(http).releaseRemaining(orderId, idempotencyKey);
    }

    private static ProviderResult done(String orderId) {
        return new ProviderResult.Done(orderId, null);
    }

    /** The call with the order's Klarna lines, or a refusal saying why the order cannot be sent as lines. */
    private static ProviderResult withLines(Supplier<KlarnaLines> lines, Function<KlarnaLines, ProviderResult> call) {
        KlarnaLines built;
        try {
            built = lines.get();
        } catch (KlarnaLines.UnmappableOrderException e) {
            return new ProviderResult.Refused(KlarnaAdvice.ORDER_LINES, e.getMessage(),
                    ProviderResult.Refused.Reason.UNMAPPABLE, KlarnaAdvice.forCode(KlarnaAdvice.ORDER_LINES));
        }
        return call.apply(built);
    }

    @Override
    public String toString() {
        // Never the password.
        return "KlarnaProvider[" + http.describe() + "]";
    }
}
