package io.orderhook.provider.billmate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.ShopConfig;

/**
 * The Billmate (Qvickly) Payment API client: one JSON POST per call,
 * {@code {credentials:{id,hash,version,client,language,time,test}, data, function}}, where hash
 * is the HMAC-SHA512 of {@code data} as PHP encodes it ({@link BillmateJson}).
 *
 * <p>Billmate answers HTTP 200 for errors, in two envelopes: {@code data:{code,message,logid}}
 * (documented) and a top-level {@code {code,message}} (examples, older servers); both are read.
 * Every answer's hash is checked; an answer that does not verify is not trusted. Billmate has no
 * idempotency keys: a call whose answer never arrived is reported with
 * {@link ProviderResult.Transient#outcomeUnknown()} so the caller asks {@link #status} before
 * trying again. POSTs are never retried here (the JDK client does not retry them either).
 */
public final class BillmateProvider implements PaymentProvider {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** The API version we speak, sent as {@code credentials.version}. */
    public static final String API_VERSION = "2.1.6";
    public static final String CLIENT = "orderhook:0.1";
    public static final String LANGUAGE = "sv";

    // Billmate activates and cancels only a Created payment: a repeat after it was applied is refused (5208, 5220).
    private static final ProviderNames NAMES = new ProviderNames("Billmate", "Billmate Checkout", "Billmate Online");
    private static final Capabilities CAPABILITIES = new Capabilities(false, false, false, true);

    private final URI endpoint;
    private final String merchantId;
    private final String secret;
    private final boolean testMode;
    private final HttpClient http;
    private final Duration readTimeout;
    private final ProviderCallListener listener;
    private final Clock clock;

    /** The provider of a shop: endpoint, merchant id and test mode from its account, the resolved secret. */
    public BillmateProvider(ShopConfig.ProviderAccount account, String secret, HttpClient http) {
        this(URI.create(account.endpoint()), account.accountId(), secret, account.testMode(), http);
    }

    /** For tests and local mode: any endpoint, such as the sandbox's. */
    public BillmateProvider(URI endpoint, String merchantId, String secret, boolean testMode, HttpClient http) {
        this(endpoint, merchantId, secret, testMode, http, DEFAULT_READ_TIMEOUT, ProviderCallListener.NONE,
                Clock.systemUTC());
    }

    private BillmateProvider(URI endpoint, String merchantId, String secret, boolean testMode, HttpClient http,
            Duration readTimeout, ProviderCallListener listener, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.merchantId = Objects.requireNonNull(merchantId, "merchantId");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.testMode = testMode;
        this.http = Objects.requireNonNull(http, "http");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An HTTP client with the default connect timeout (3 s) that never follows redirects. */
    public static HttpClient httpClient() {
        return httpClient(DEFAULT_CONNECT_TIMEOUT);
    }

    /** An HTTP client with the given connect timeout that never follows redirects. */
    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The same provider waiting at most {@code timeout} for an answer after sending (default 10 s). */
    public BillmateProvider withReadTimeout(Duration timeout) {
        return new BillmateProvider(endpoint, merchantId, secret, testMode, http, timeout, listener, clock);
    }

    /** The same provider telling {@code listener} about every call (redacted), for the debug log. */
    public BillmateProvider withCallListener(ProviderCallListener callListener) {
        return new BillmateProvider(endpoint, merchantId, secret, testMode, http, readTimeout, callListener, clock);
    }

    /** The same provider with another clock for {@code credentials.time}. */
    public BillmateProvider withClock(Clock otherClock) {
        return new BillmateProvider(endpoint, merchantId, secret, testMode, http, readTimeout, listener, otherClock);
    }

    // ---- PaymentProvider --------------------------------------------------------------------

    @Override
    public String name() {
        return "Billmate";
    }

    @Override
    public ProviderNames names() {
        return NAMES;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ProviderResult status(String paymentNumber) {
        return getPaymentinfo(paymentNumber);
    }

    /**
     * Billmate has no idempotency key; {@code idempotencyKey} is ignored (see class comment). An
     * activation refused because the payment is no longer Created (5208) is confirmed with
     * getPaymentinfo: activated already (in Billmate Online, or by an earlier call whose answer
     * was lost) is done, not a failure.
     */
    @Override
    public ProviderResult activate(String paymentNumber, String idempotencyKey) {
        ProviderResult result = activatePayment(paymentNumber);
        if (result instanceof ProviderResult.Refused refused && "5208".equals(refused.code())) {
            return confirmedAlready(paymentNumber, refused, java.util.Set.of(PaymentState.ACTIVATED, PaymentState.CREDITED,
                    PaymentState.AMBIGUOUS));
        }
        return result;
    }

    /** A cancellation refused as already cancelled (5220) is confirmed with getPaymentinfo and done. */
    @Override
    public ProviderResult cancel(String paymentNumber, String idempotencyKey) {
        ProviderResult result = cancelPayment(paymentNumber);
        if (result instanceof ProviderResult.Refused refused && "5220".equals(refused.code())) {
            return confirmedAlready(paymentNumber, refused, java.util.Set.of(PaymentState.CANCELLED));
        }
        return result;
    }

    /**
     * A refusal that says the payment is already where the call would take it: done when
     * getPaymentinfo shows one of {@code states} ("Handling" is ambiguous in its own words, but
     * a payment that is not Created and not Cancelled has been activated); the refusal otherwise.
     */
    private ProviderResult confirmedAlready(String number, ProviderResult.Refused refused,
            java.util.Set<PaymentState> states) {
        ProviderResult info = getPaymentinfo(number);
        if (info instanceof ProviderResult.Done done && done.info() != null && states.contains(done.info().state())) {
            return new ProviderResult.Done(number, done.info(), true, io.orderhook.order.TaxSplit.EMPTY);
        }
        return refused;
    }

    @Override
    public ProviderResult update(String paymentNumber, OrderSnapshot order, java.util.List<Refund> refundsBeforeActivation,
            String idempotencyKey) {
        BillmateCart cart;
        try {
            cart = BillmateCart.forReservation(order, refundsBeforeActivation);
        } catch (BillmateCart.UnmappableOrderException e) {
            return new ProviderResult.Refused("CART", e.getMessage(), ProviderResult.Refused.Reason.UNMAPPABLE,
                    BillmateAdvice.forCode("CART"));
        }
        return updatePayment(paymentNumber, order, cart);
    }

    /**
     * The whole payment with {@code partcredit: false} (Billmate then credits all of it); anything
     * else as a part credit of the refunded rows, split by what is left at each tax rate.
     *
     * <p>What is left is what the payment booked at each rate less {@code creditedBefore}, and the
     * booked split is read with getPaymentinfo first ({@link BillmateBooked}): the shop's checkout
     * plugin built the reservation's cart, so it can hold other VAT per rate than the order's tax
     * lines (and after an updatePayment it holds orderhook's cart, which the answer shows as well).
     * An answer without each article's own tax does not tell how Billmate rounded the rows' VAT;
     * then the credit is planned from what the order charged ({@link BillmateCart#charged}), as the
     * best word there is. A read that fails sends nothing: its result is the credit's.
     */
    @Override
    public ProviderResult credit(String paymentNumber, OrderSnapshot order, Refund refund,
            io.orderhook.order.TaxSplit creditedBefore, boolean wholePayment, String idempotencyKey) {
        Read read = readPayment(paymentNumber);
        if (!(read.result() instanceof ProviderResult.Done)) {
            return read.result();
        }
        if (wholePayment) {
            ProviderResult result = creditPayment(paymentNumber, null);
            return result instanceof ProviderResult.Done done
                    ? new ProviderResult.Done(done.providerNumber(), done.info(), false,
                            read.booked().orElseGet(() -> BillmateCart.charged(order)))
                    : result;
        }
        BillmateCart cart;
        try {
            cart = BillmateCart.forRefund(order, refund, creditedBefore,
                    read.booked().orElseGet(() -> BillmateCart.charged(order)));
        } catch (BillmateCart.UnmappableOrderException e) {
            return new ProviderResult.Refused("CART", e.getMessage(), ProviderResult.Refused.Reason.UNMAPPABLE,
                    BillmateAdvice.forCode("CART"));
        }
        ProviderResult result = creditPayment(paymentNumber, cart);
        return result instanceof ProviderResult.Done done
                ? new ProviderResult.Done(done.providerNumber(), done.info(), false, cart.split())
                : result;
    }

    // ---- Billmate functions -----------------------------------------------------------------

    /** {@code activatePayment}: Created -> Paid/Factoring/PartPayment/Handling. */
    public ProviderResult activatePayment(String number) {
        ObjectNode data = BillmateJson.object().put("number", number);
        return call("activatePayment", data, true, answer -> done(answer, number));
    }

    /** {@code cancelPayment}: Created -> Cancelled. */
    public ProviderResult cancelPayment(String number) {
        ObjectNode data = BillmateJson.object().put("number", number);
        return call("cancelPayment", data, true, answer -> done(answer, number));
    }

    /**
     * {@code updatePayment}: replaces articles and cart; Billmate allows it only while Created.
     * PaymentData needs currency, language, country and the order id (9103) and Customer the
     * billing e-mail (9104), as Billmate's own plugins send them: the order number as orderid,
     * billing and shipping from the order.
     */
    public ProviderResult updatePayment(String number, OrderSnapshot order, BillmateCart cart) {
        ObjectNode data = BillmateJson.object();
        BillmatePaymentData.writeUpdateTo(data, number, order, LANGUAGE, "SE");
        cart.writeTo(data);
        return call("updatePayment", data, true, answer -> done(answer, number));
    }

    /**
     * {@code creditPayment}: {@code partCredit} null credits the whole payment, otherwise the given
     * rows. The answer's number is the credit's (Billmate's docs disagree whether it is a new number).
     */
    public ProviderResult creditPayment(String number, BillmateCart partCredit) {
        ObjectNode data = BillmateJson.object();
        data.putObject("PaymentData").put("number", number).put("partcredit", partCredit == null ? "false" : "true");
        if (partCredit != null) {
            partCredit.writeTo(data);
        }
        return call("creditPayment", data, true, answer -> done(answer, number));
    }

    /** {@code getPaymentinfo}: {@link ProviderResult.Done#info()} holds the status and total. */
    public ProviderResult getPaymentinfo(String number) {
        return readPayment(number).result();
    }

    /**
     * getPaymentinfo's result, and when it is done, what the payment's cart booked at each rate
     * (empty when the answer does not tell, {@link BillmateBooked#from}).
     */
    private record Read(ProviderResult result, Optional<io.orderhook.order.TaxSplit> booked) {}

    private Read readPayment(String number) {
        ObjectNode data = BillmateJson.object().put("number", number);
        AtomicReference<Optional<io.orderhook.order.TaxSplit>> booked = new AtomicReference<>(Optional.empty());
        ProviderResult result = call("getPaymentinfo", data, false, answer -> {
            booked.set(BillmateBooked.from(answer));
            JsonNode paymentData = answer.path("PaymentData");
            String status = paymentData.path("status").asText("");
            long withtax = integer(answer.path("Cart").path("Total").path("withtax"));
            return new ProviderResult.Done(number,
                    new PaymentInfo(number, state(status), status, withtax, -1));
        });
        return new Read(result, booked.get());
    }

    /**
     * Billmate's status words in orderhook's terms. getPaymentinfo reports the credit check's
     * outcome in place of Created (Status.md), so Approved and the factoring variants are still
     * a reservation.
     */
    public static PaymentState state(String providerStatus) {
        return switch (providerStatus.toLowerCase(Locale.ROOT)) {
            case "created", "approved", "factoringwithregress", "factoringwithoutregress" -> PaymentState.RESERVED;
            // Pending and Manual: a created payment whose credit check waits on Billmate's manual review.
            case "pending", "manual" -> PaymentState.PENDING;
            // Status.md: a created payment whose credit check answered Handling, and an activated handling invoice.
            case "handling" -> PaymentState.AMBIGUOUS;
            case "paid", "factoring", "partpayment", "e-brev", "e-brevsent", "service" -> PaymentState.ACTIVATED;
            case "credited" -> PaymentState.CREDITED;
            case "cancelled" -> PaymentState.CANCELLED;
            case "rejected" -> PaymentState.REJECTED;
            // A word the documents do not list is not actionable: decided by nothing orderhook knows.
            default -> PaymentState.AMBIGUOUS;
        };
    }

    // ---- the exchange -----------------------------------------------------------------------

    @FunctionalInterface
    private interface AnswerReader {
        ProviderResult read(JsonNode data);
    }

    private ProviderResult done(JsonNode answer, String fallbackNumber) {
        String number = answer.path("number").asText("");
        return new ProviderResult.Done(number.isBlank() ? fallbackNumber : number, null);
    }

    private ProviderResult call(String function, ObjectNode data, boolean changesPayment, AnswerReader reader) {
        String body = BillmateJson.encode(envelope(function, data));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long startedNanos = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            return report(function, body, null, 0, startedNanos, new ProviderResult.Transient(
                    "Billmate could not be reached within the connect timeout (" + function + " was not sent)", false));
        } catch (ConnectException e) {
            return report(function, body, null, 0, startedNanos, new ProviderResult.Transient(
                    "Billmate could not be reached: " + message(e) + " (" + function + " was not sent)", false));
        } catch (HttpTimeoutException e) {
            return report(function, body, null, 0, startedNanos, new ProviderResult.Transient(
                    "Billmate did not answer " + function + " within " + readTimeout.toMillis() + " ms"
                            + (changesPayment ? "; it may have been applied" : ""), changesPayment));
        } catch (IOException e) {
            return report(function, body, null, 0, startedNanos, new ProviderResult.Transient(
                    "the connection to Billmate failed during " + function + ": " + message(e)
                            + (changesPayment ? "; it may have been applied" : ""), changesPayment));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(function, body, null, 0, startedNanos, new ProviderResult.Transient(
                    "interrupted while waiting for Billmate's answer to " + function, changesPayment));
        }
        return report(function, body, response.body(), response.statusCode(), startedNanos,
                interpret(function, response, changesPayment, reader));
    }

    private ObjectNode envelope(String function, ObjectNode data) {
        ObjectNode root = BillmateJson.object();
        Instant now = clock.instant();
        root.putObject("credentials")
                .put("id", merchantId)
                .put("hash", BillmateHash.of(data, secret))
                .put("version", API_VERSION)
                .put("client", CLIENT)
                .put("language", LANGUAGE)
                // Unix time with microseconds, as Billmate's own clients send it.
                .put("time", BigDecimal.valueOf(now.getEpochSecond())
                        .add(BigDecimal.valueOf(now.getNano() / 1000, 6)).setScale(6, RoundingMode.DOWN).toPlainString())
                .put("test", testMode ? "true" : "false");
        root.set("data", data);
        root.put("function", function);
        return root;
    }

    private ProviderResult interpret(String function, HttpResponse<String> response, boolean changesPayment,
            AnswerReader reader) {
        int status = response.statusCode();
        if (status >= 500 || status == 429 || status == 408) {
            return new ProviderResult.Transient("Billmate answered HTTP " + status + " to " + function
                    + (changesPayment ? "; it may have been applied" : ""), changesPayment);
        }
        if (status != 200) {
            return new ProviderResult.Refused("HTTP_" + status, "Billmate's endpoint " + endpoint + " answered HTTP "
                    + status + " to " + function + "; check the Billmate endpoint URL in the shop's settings.");
        }
        JsonNode root;
        try {
            root = BillmateJson.parse(response.body());
        } catch (JsonProcessingException e) {
            return new ProviderResult.Transient("Billmate's answer to " + function + " is not JSON"
                    + (changesPayment ? "; it may have been applied" : ""), changesPayment);
        }
        if (!root.isObject()) {
            return new ProviderResult.Transient("Billmate's answer to " + function + " is not a JSON object", changesPayment);
        }
        JsonNode data = root.path("data");
        JsonNode hash = root.path("credentials").path("hash");
        boolean topLevelError = root.hasNonNull("code");
        boolean dataError = data.isObject() && data.hasNonNull("code") && data.has("message");
        if (topLevelError || dataError) {
            JsonNode error = topLevelError ? root : data;
            // Authentication errors come back unsigned (Billmate cannot sign for an unknown merchant);
            // a signed error must verify like any other answer.
            if (dataError && hash.isTextual() && !BillmateHash.matches(hash.asText(), data, secret)) {
                return unverified(function, changesPayment);
            }
            return error(function, error.path("code").asText(), error.path("message").asText(""));
        }
        if (!data.isObject()) {
            return new ProviderResult.Transient("Billmate's answer to " + function + " has no data"
                    + (changesPayment ? "; it may have been applied" : ""), changesPayment);
        }
        if (!hash.isTextual() || !BillmateHash.matches(hash.asText(), data, secret)) {
            return unverified(function, changesPayment);
        }
        return reader.read(data);
    }

    private static ProviderResult unverified(String function, boolean changesPayment) {
        return new ProviderResult.Transient("Billmate's answer to " + function
                + " does not carry a valid hash and is not trusted"
                + (changesPayment ? "; the call may have been applied" : ""), changesPayment);
    }

    private static ProviderResult error(String function, String code, String message) {
        return switch (BillmateErrorCodes.kind(code)) {
            case TRANSIENT -> new ProviderResult.Transient(
                    "Billmate could not do " + function + " this time (code " + code + ": " + message + ")", false);
            case CREDENTIALS -> new ProviderResult.Refused(code, "Billmate did not accept the credentials (code "
                    + code + ": " + message + "). Check the Billmate merchant id and secret in the shop's orderhook settings.",
                    ProviderResult.Refused.Reason.CREDENTIALS, BillmateAdvice.forCode(code));
            case REFUSED -> new ProviderResult.Refused(code, message.isBlank()
                    ? "Billmate refused " + function + " with code " + code : message,
                    BillmateErrorCodes.unknownPayment(code) ? ProviderResult.Refused.Reason.UNKNOWN_PAYMENT
                            : ProviderResult.Refused.Reason.OTHER, BillmateAdvice.forCode(code));
        };
    }

    private ProviderResult report(String function, String requestBody, String responseBody, int httpStatus,
            long startedNanos, ProviderResult result) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        try {
            listener.called(new ProviderCallListener.Call(function, BillmateRedaction.redact(requestBody),
                    BillmateRedaction.redact(responseBody), httpStatus, took, outcome(result)));
        } catch (RuntimeException e) {
            // The debug log must never change the outcome of a payment call.
        }
        return result;
    }

    private static String outcome(ProviderResult result) {
        if (result instanceof ProviderResult.Done done) {
            return "done " + done.providerNumber();
        } else if (result instanceof ProviderResult.Refused refused) {
            return "refused " + refused.code();
        } else {
            ProviderResult.Transient t = (ProviderResult.Transient) result;
            return (t.outcomeUnknown() ? "unknown: " : "transient: ") + t.reason();
        }
    }

    private static long integer(JsonNode node) {
        try {
            return new BigDecimal(node.asText("0").isBlank() ? "0" : node.asText("0"))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        // Never the secret.
        return "BillmateProvider[" + endpoint + ", id " + merchantId + (testMode ? ", test" : "") + "]";
    }
}
