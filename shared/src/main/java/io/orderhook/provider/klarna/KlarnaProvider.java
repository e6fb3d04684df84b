package io.orderhook.provider.klarna;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
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
 */
public final class KlarnaProvider implements PaymentProvider {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Klarna's WooCommerce plugins wait 10 s too. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Klarna asks integrations to name themselves. */
    public static final String USER_AGENT = "orderhook/0.1 (Klarna Order Management v1)";
    public static final String IDEMPOTENCY_HEADER = "Klarna-Idempotency-Key";
    static final String ORDERS = "ordermanagement/v1/orders/";

    private static final ProviderNames NAMES = new ProviderNames("Klarna", "Klarna Checkout", "the Klarna merchant portal");
    /**
     * Idempotency keys: yes (24 h). Update after capture: no (orderhook captures once and releases
     * the rest). Partial capture: yes. A repeated capture is not refused by Klarna as such (a
     * part-captured order takes another capture), so repeats rely on the key, not on a refusal.
     */
    private static final Capabilities CAPABILITIES = new Capabilities(true, false, true, false);

    private final URI baseUrl;
    private final Optional<KlarnaCredentials> credentials;
    private final HttpClient http;
    private final Duration readTimeout;
    private final ProviderCallListener listener;

    /**
     * The provider of a shop's account: {@code endpoint} a region ({@code eu}, {@code na}, {@code oc};
     * the playground host in test mode) or a URL; {@code secret} the API {@code username:password}.
     * A secret of another form is not an exception: every call answers a credentials refusal.
     */
    public KlarnaProvider(ShopConfig.ProviderAccount account, String secret, HttpClient http) {
        this(KlarnaRegion.baseUrl(account.endpoint(), account.testMode()), KlarnaCredentials.fromSecret(secret), http,
                DEFAULT_READ_TIMEOUT, ProviderCallListener.NONE);
    }

    /** For tests and local mode: any base URL, such as the sandbox's. */
    public KlarnaProvider(URI baseUrl, KlarnaCredentials credentials, HttpClient http) {
        this(baseUrl, Optional.of(credentials), http, DEFAULT_READ_TIMEOUT, ProviderCallListener.NONE);
    }

    private KlarnaProvider(URI baseUrl, Optional<KlarnaCredentials> credentials, HttpClient http, Duration readTimeout,
            ProviderCallListener listener) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** An HTTP client with the default connect timeout (3 s) that never follows redirects. */
    public static HttpClient httpClient() {
        return httpClient(DEFAULT_CONNECT_TIMEOUT);
    }

    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The same provider waiting at most {@code timeout} for an answer after sending (default 10 s). */
    public KlarnaProvider withReadTimeout(Duration timeout) {
        return new KlarnaProvider(baseUrl, credentials, http, timeout, listener);
    }

    /** The same provider telling {@code callListener} about every call (redacted), for the debug log. */
    public KlarnaProvider withCallListener(ProviderCallListener callListener) {
        return new KlarnaProvider(baseUrl, credentials, http, readTimeout, callListener);
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
        return capture(orderId, Optional.empty(), "", idempotencyKey);
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
                lines -> capture(orderId, Optional.of(lines), order.orderNumber(), idempotencyKey));
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
        ProviderResult result = send(orderId, "POST", "cancel", null, idempotencyKey, reply -> done(orderId));
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
            return send(orderId, "PATCH", "authorization", body, idempotencyKey, reply -> done(orderId));
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
            return send(orderId, "POST", "refunds", body, idempotencyKey, reply -> {
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
        Call call = new Call("GET", "GET order", orderPath(orderId, ""), null, null);
        if (credentials.isEmpty()) {
            return new KlarnaOrder.Read.Failed(credentialsFormat());
        }
        Reply reply = exchange(call);
        if (reply.status() == 200) {
            try {
                KlarnaOrder order = KlarnaOrder.fromJson(Json.MAPPER.readTree(reply.body()));
                report(call, reply, new ProviderResult.Done(orderId, order.paymentInfo()));
                return new KlarnaOrder.Read.Found(order);
            } catch (JsonProcessingException e) {
                ProviderResult result = new ProviderResult.Transient("Klarna's answer to GET order is not JSON", false);
                report(call, reply, result);
                return new KlarnaOrder.Read.Failed(result);
            }
        }
        ProviderResult result = failure(call, reply);
        report(call, reply, result);
        return new KlarnaOrder.Read.Failed(result);
    }

    /**
     * {@code POST .../extend-authorization-time}: Klarna moves {@code expires_at} to today plus the
     * merchant's authorisation period (at most 180 days after purchase); an expired order is
     * {@code 403 NOT_ALLOWED}. The key should name the day: Klarna answers a repeat within 24 hours
     * with the first answer and does not extend again.
     */
    public ProviderResult extendAuthorizationTime(String orderId, String idempotencyKey) {
        return send(orderId, "POST", "extend-authorization-time", null, idempotencyKey, reply -> done(orderId));
    }

    /**
     * {@code POST .../release-remaining-authorization}: gives up what is authorised and not captured
     * of a part-captured order. An order without captures is cancelled instead (Klarna: 403).
     */
    public ProviderResult releaseRemainingAuthorization(String orderId, String idempotencyKey) {
        return send(orderId, "POST", "release-remaining-authorization", null, idempotencyKey, reply -> done(orderId));
    }

    // ---- capture ------------------------------------------------------------------------------

    private ProviderResult capture(String orderId, Optional<KlarnaLines> lines, String reference, String idempotencyKey) {
        KlarnaOrder.Read read = readOrder(orderId);
        if (read instanceof KlarnaOrder.Read.Failed failed) {
            return failed.result(); // nothing was sent: a transient read is not an unknown outcome
        }
        KlarnaOrder klarna = ((KlarnaOrder.Read.Found) read).order();
        String fraud = klarna.fraudStatus().toUpperCase(Locale.ROOT);
        if ("AUTHORIZED".equalsIgnoreCase(klarna.status()) && "PENDING".equals(fraud)) {
            return refused(KlarnaAdvice.FRAUD_PENDING, "Klarna is still reviewing order " + orderId
                    + " (fraud_status PENDING); it must not be captured before Klarna accepts it.");
        }
        if ("REJECTED".equals(fraud) || "STOPPED".equals(fraud)) {
            return refused(KlarnaAdvice.FRAUD_REJECTED, "Klarna's fraud review " + fraud.toLowerCase(Locale.ROOT)
                    + " order " + orderId + "; it cannot be captured.");
        }
        long target = lines.map(KlarnaLines::amount)
                .orElse(klarna.capturedAmount() + klarna.remainingAuthorizedAmount());
        if (klarna.capturedAmount() > 0 && klarna.capturedAmount() >= target) {
            // Captured already: never capture again; only what is still authorised is released.
            String captureId = klarna.captures().isEmpty() ? orderId
                    : klarna.captures().get(klarna.captures().size() - 1).captureId();
            ProviderResult released = releaseRest(orderId, klarna.remainingAuthorizedAmount(), idempotencyKey, captureId);
            if (released.kind() != ProviderResult.Kind.DONE) {
                return released;
            }
            return new ProviderResult.Done(captureId, klarna.paymentInfo(), true, TaxSplit.EMPTY);
        }
        long amount = target - klarna.capturedAmount();
        if (amount <= 0) {
            return refused("CAPTURE_NOT_ALLOWED", "Klarna order " + orderId + " is " + klarna.status()
                    + " with nothing authorised left to capture; nothing was sent.");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("captured_amount", amount);
        if (!reference.isBlank()) {
            body.put("reference", KlarnaLines.text(reference));
        }
        if (lines.isPresent() && klarna.capturedAmount() == 0) {
            lines.get().writeTo(body.putArray("order_lines"));
        }
        ProviderResult captured = send(orderId, "POST", "captures", body, idempotencyKey, reply -> {
            // A replayed answer carries no Capture-Id (the reference promises status and body only).
            String captureId = reply.header("Capture-Id").or(() -> readOrder(orderId) instanceof KlarnaOrder.Read.Found f
                    ? f.order().newestCaptureOf(amount) : Optional.empty()).orElse(orderId);
            return new ProviderResult.Done(captureId, null);
        });
        if (!(captured instanceof ProviderResult.Done done)) {
            return captured;
        }
        long stillAuthorised = klarna.remainingAuthorizedAmount() - amount;
        ProviderResult released = releaseRest(orderId, stillAuthorised, idempotencyKey, done.providerNumber());
        return released.kind() == ProviderResult.Kind.TRANSIENT ? released : done;
    }

    /**
     * Releases what a capture left authorised. A refusal (released already, or nothing left) leaves
     * the capture done; a release whose answer never came is reported as unknown, so the step is
     * sent again and the release repeated with its own key.
     */
    private ProviderResult releaseRest(String orderId, long stillAuthorised, String idempotencyKey, String captureId) {
        if (stillAuthorised <= 0) {
            return done(orderId);
        }
        ProviderResult released = releaseRemainingAuthorization(orderId, idempotencyKey);
        if (released instanceof ProviderResult.Transient t) {
            return new ProviderResult.Transient("Klarna captured (capture " + captureId + ") but releasing the rest of"
                    + " the authorisation failed: " + t.reason(), true);
        }
        return done(orderId);
    }

    // ---- the exchange -------------------------------------------------------------------------

    /** One HTTP call: {@code operation} names it in logs ("POST captures"), {@code key} the idempotency key or null. */
    private record Call(String method, String operation, String path, String body, String key) {}

    /** What came back: a status and body, or (status 0) the transport's failure. */
    private record Reply(int status, String body, HttpHeaders headers, ProviderResult failure, Duration took) {
        Optional<String> header(String name) {
            return headers == null ? Optional.empty() : headers.firstValue(name).filter(v -> !v.isBlank());
        }
    }

    /**
     * One call that changes the order: {@code pathSegment} is the operation's path below the order
     * ("captures", "cancel", ...) and also names it in the idempotency key, so each operation of a
     * step has a key of its own.
     */
    private ProviderResult send(String orderId, String method, String pathSegment, ObjectNode body, String stepKey,
            Function<Reply, ProviderResult> onSuccess) {
        if (credentials.isEmpty()) {
            return credentialsFormat();
        }
        Call call = new Call(method, method + " " + pathSegment, orderPath(orderId, pathSegment),
                body == null ? null : body.toString(), KlarnaIdempotencyKey.of(stepKey, pathSegment, orderId));
        Reply reply = exchange(call);
        // Any 2xx was applied (the reference gives 201 or 204): never read one as a refusal.
        ProviderResult result = reply.status() / 100 == 2 ? onSuccess.apply(reply) : failure(call, reply);
        report(call, reply, result);
        return result;
    }

    private String orderPath(String orderId, String segment) {
        String id = java.net.URLEncoder.encode(orderId, StandardCharsets.UTF_8).replace("+", "%20");
        return ORDERS + id + (segment.isEmpty() ? "" : "/" + segment);
    }

    private Reply exchange(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(call.path()))
                .timeout(readTimeout)
                .header("Authorization", credentials.orElseThrow().basicHeader())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (call.key() != null) {
            request.header(IDEMPOTENCY_HEADER, call.key());
        }
        if (call.body() != null) {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        boolean changes = call.key() != null;
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), response.headers(), null, since(started));
        } catch (HttpConnectTimeoutException e) {
            return transportFailure(call, started, "Klarna could not be reached within the connect timeout", false);
        } catch (ConnectException e) {
            return transportFailure(call, started, "Klarna could not be reached: " + message(e), false);
        } catch (HttpTimeoutException e) {
            return transportFailure(call, started, "Klarna did not answer " + call.operation() + " within "
                    + readTimeout.toMillis() + " ms", changes);
        } catch (IOException e) {
            return transportFailure(call, started, "the connection to Klarna failed during " + call.operation() + ": "
                    + message(e), changes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return transportFailure(call, started, "interrupted while waiting for Klarna's answer to " + call.operation(),
                    changes);
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static Reply transportFailure(Call call, long startedNanos, String reason, boolean mayBeApplied) {
        String text = !mayBeApplied ? reason + " (" + call.operation() + " was not applied)"
                : reason + "; it may have been applied: sending it again with the same Klarna-Idempotency-Key within"
                        + " 24 hours cannot apply it twice";
        return new Reply(0, null, null, new ProviderResult.Transient(text, mayBeApplied), since(startedNanos));
    }

    /** What an answer other than the expected success means. */
    private ProviderResult failure(Call call, Reply reply) {
        if (reply.failure() != null) {
            return reply.failure();
        }
        int status = reply.status();
        boolean changes = call.key() != null;
        Optional<KlarnaError> error = KlarnaError.parse(reply.body());
        String said = error.map(e -> ": " + e.code() + " " + e.said()).orElse("");
        if (status == 429) {
            // Over the rate limit Klarna refuses before doing anything.
            return new ProviderResult.Transient("Klarna is limiting the rate of calls (HTTP 429" + said + ")", false);
        }
        if (status == 409) {
            return new ProviderResult.Transient("Klarna reports a conflicting change of the order (HTTP 409" + said
                    + "); " + call.operation() + " was not applied", false);
        }
        if (status == 408 || status >= 500) {
            return new ProviderResult.Transient("Klarna answered HTTP " + status + " to " + call.operation() + said
                    + (changes ? "; it may have been applied: sending it again with the same Klarna-Idempotency-Key"
                            + " within 24 hours cannot apply it twice" : ""), changes);
        }
        if (status == 401) {
            String code = error.map(KlarnaError::code).orElse("UNAUTHORIZED");
            return new ProviderResult.Refused(code, "Klarna did not accept orderhook's API credentials (HTTP 401"
                    + said + ").", ProviderResult.Refused.Reason.CREDENTIALS, KlarnaAdvice.forCode(code));
        }
        if (error.isEmpty()) {
            String code = "HTTP_" + status;
            return new ProviderResult.Refused(code, "Klarna's endpoint " + baseUrl + " answered HTTP " + status + " to "
                    + call.operation() + " without a Klarna error; check the Klarna endpoint in the shop's settings.",
                    ProviderResult.Refused.Reason.OTHER, null);
        }
        KlarnaError e = error.get();
        ProviderResult.Refused.Reason reason = switch (status) {
            case 404 -> "NO_SUCH_ORDER".equals(e.code()) || "NOT_FOUND".equals(e.code())
                    ? ProviderResult.Refused.Reason.UNKNOWN_PAYMENT : ProviderResult.Refused.Reason.OTHER;
            case 400, 413, 422 -> ProviderResult.Refused.Reason.UNMAPPABLE;
            case 403 -> ProviderResult.Refused.Reason.OTHER;
            default -> ProviderResult.Refused.Reason.OTHER;
        };
        return new ProviderResult.Refused(e.code(), e.said(), reason, KlarnaAdvice.forCode(e.code()));
    }

    private void report(Call call, Reply reply, ProviderResult result) {
        try {
            listener.called(new ProviderCallListener.Call(call.operation(), KlarnaRedaction.redact(call.body()),
                    KlarnaRedaction.redact(reply.body()), reply.status(), reply.took(), outcome(result)));
        } catch (RuntimeException e) {
            // The debug log must never change the outcome of a payment call.
        }
    }

    private static String outcome(ProviderResult result) {
        return switch (result.kind()) {
            case DONE -> "done " + ((ProviderResult.Done) result).providerNumber();
            case REFUSED -> "refused " + ((ProviderResult.Refused) result).code();
            case TRANSIENT -> (((ProviderResult.Transient) result).outcomeUnknown() ? "unknown: " : "transient: ")
                    + ((ProviderResult.Transient) result).reason();
        };
    }

    private static ProviderResult done(String orderId) {
        return new ProviderResult.Done(orderId, null);
    }

    private static ProviderResult refused(String code, String message) {
        return new ProviderResult.Refused(code, message, ProviderResult.Refused.Reason.OTHER, KlarnaAdvice.forCode(code));
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

    private static ProviderResult credentialsFormat() {
        return new ProviderResult.Refused(KlarnaAdvice.CREDENTIALS_FORMAT, "The shop's Klarna secret is not of the form"
                + " username:password; nothing was sent to Klarna.", ProviderResult.Refused.Reason.CREDENTIALS,
                KlarnaAdvice.forCode(KlarnaAdvice.CREDENTIALS_FORMAT));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        // Never the password.
        return "KlarnaProvider[" + baseUrl + ", " + credentials.map(KlarnaCredentials::username).orElse("no credentials") + "]";
    }
}
