package io.orderhook.provider.billmate;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * The Billmate (Qvickly) Payment API client: one JSON POST per call,
 * {@code {credentials:{id,hash,version,client,language,time,test}, data, function}}, where hash
 * is the HMAC-SHA512 of {@code data} as PHP encodes it ({@link BillmateJson}); the exchange and
 * what an answer means are {@link BillmateTransport}'s, reading a payment {@link PaymentInfoRead}'s.
 *
 * <p>Billmate has no idempotency keys: a call whose answer never arrived is reported with
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

    private final BillmateTransport transport;

    /** The provider of a shop: endpoint, merchant id and test mode from its account, the resolved secret. */
    public BillmateProvider(ShopConfig.ProviderAccount account, String secret, HttpClient http) {
        this(URI.create(account.endpoint()), account.accountId(), secret, account.testMode(), http);
    }

    /** For tests and local mode: any endpoint, such as the sandbox's. */
    public BillmateProvider(URI endpoint, String merchantId, String secret, boolean testMode, HttpClient http) {
        this(new BillmateTransport(endpoint, merchantId, secret, testMode, http,
                CallOptions.waitingAtMost(DEFAULT_READ_TIMEOUT), Clock.systemUTC()));
    }

    private BillmateProvider(BillmateTransport transport) {
        this.transport = transport;
    }

    /** An HTTP client with the default connect timeout (3 s) that never follows redirects. */
    public static HttpClient httpClient() {
        return httpClient(DEFAULT_CONNECT_TIMEOUT);
    }

    /** An HTTP client with the given connect timeout that never follows redirects. */
    public static HttpClient httpClient(Duration connectTimeout) {
        return ProviderHttp.client(connectTimeout);
    }

    /** The same provider waiting at most {@code timeout} for an answer after sending (default 10 s). */
    public BillmateProvider withReadTimeout(Duration timeout) {
        return new BillmateProvider(transport.withReadTimeout(timeout));
    }

    /** The same provider telling {@code listener} about every call (redacted), for the debug log. */
    public BillmateProvider withCallListener(ProviderCallListener callListener) {
        return new BillmateProvider(transport.withCallListener(callListener));
    }

    /** The same provider with another clock for {@code credentials.time}. */
    public BillmateProvider withClock(Clock otherClock) {
        return new BillmateProvider(transport.withClock(otherClock));
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
        return confirmedIfAlready(paymentNumber, activatePayment(paymentNumber), "5208",
                Set.of(PaymentState.ACTIVATED, PaymentState.CREDITED, PaymentState.AMBIGUOUS));
    }

    /** A cancellation refused as already cancelled (5220) is confirmed with getPaymentinfo and done. */
    @Override
    public ProviderResult cancel(String paymentNumber, String idempotencyKey) {
        return confirmedIfAlready(paymentNumber, cancelPayment(paymentNumber), "5220", Set.of(PaymentState.CANCELLED));
    }

    /**
     * A refusal with {@code code}, which says the payment is already where the call would take it:
     * done when getPaymentinfo shows one of {@code states} ("Handling" is ambiguous in its own
     * words, but a payment that is not Created and not Cancelled has been activated); the refusal
     * otherwise. Any other result is returned as it is.
     */
    private ProviderResult confirmedIfAlready(String number, ProviderResult result, String code, Set<PaymentState> states) {
        if (!(result instanceof ProviderResult.Refused refused && code.equals(refused.code()))) {
            return result;
        }
        ProviderResult info = getPaymentinfo(number);
        if (info instanceof ProviderResult.Done done && done.info() != null && states.contains(done.info().state())) {
            return new ProviderResult.Done(number, done.info(), true, TaxSplit.EMPTY);
        }
        return refused;
    }

    @Override
    public ProviderResult update(String paymentNumber, OrderSnapshot order, List<Refund> refundsBeforeActivation,
            String idempotencyKey) {
        BillmateCart cart;
        try {
            cart = BillmateCart.forReservation(order, refundsBeforeActivation);
        } catch (BillmateCart.UnmappableOrderException e) {
            return unmappable(e);
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
    public ProviderResult credit(String paymentNumber, OrderSnapshot order, Refund refund, TaxSplit creditedBefore,
            boolean wholePayment, String idempotencyKey) {
        PaymentInfoRead read = PaymentInfoRead.of(transport, paymentNumber);
        if (!(read.result() instanceof ProviderResult.Done)) {
            return read.result();
        }
        Supplier<TaxSplit> booked = () -> read.booked().orElseGet(() -> BillmateCart.charged(order));
        if (wholePayment) {
            return returning(creditPayment(paymentNumber, null), booked);
        }
        BillmateCart cart;
        try {
            cart = BillmateCart.forRefund(order, refund, creditedBefore, booked.get());
        } catch (BillmateCart.UnmappableOrderException e) {
            return unmappable(e);
        }
        return returning(creditPayment(paymentNumber, cart), cart::split);
    }

    /** A credit's result with what it returned at each rate, when it is done. */
    private static ProviderResult returning(ProviderResult result, Supplier<TaxSplit> returned) {
        return result instanceof ProviderResult.Done done
                ? new ProviderResult.Done(done.providerNumber(), done.info(), false, returned.get())
                : result;
    }

    private static ProviderResult unmappable(BillmateCart.UnmappableOrderException e) {
        return new ProviderResult.Refused("CART", e.getMessage(), ProviderResult.Refused.Reason.UNMAPPABLE,
                BillmateAdvice.forCode("CART"));
    }

    // ---- Billmate functions -----------------------------------------------------------------

    /** {@code activatePayment}: Created -> Paid/Factoring/PartPayment/Handling. */
    public ProviderResult activatePayment(String number) {
        return change("activatePayment", number, BillmateJson.object().put("number", number));
    }

    /** {@code cancelPayment}: Created -> Cancelled. */
    public ProviderResult cancelPayment(String number) {
        return change("cancelPayment", number, BillmateJson.object().put("number", number));
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
        return change("updatePayment", number, data);
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
        return change("creditPayment", number, data);
    }

    /** {@code getPaymentinfo}: {@link ProviderResult.Done#info()} holds the status and total. */
    public ProviderResult getPaymentinfo(String number) {
        return PaymentInfoRead.of(transport, number).result();
    }

    /** Billmate's status words in orderhook's terms ({@link PaymentInfoRead#state}). */
    public static PaymentState state(String providerStatus) {
        return PaymentInfoRead.state(providerStatus);
    }

    /** A call that changes the payment; its answer's number, or the payment's when it names none. */
    private ProviderResult change(String function, String number, ObjectNode data) {
        return transport.call(function, data, true, answer -> done(answer, number));
    }

    private static ProviderResult done(JsonNode answer, String fallbackNumber) {
        String number = answer.path("number").asText("");
        return new ProviderResult.Done(number.isBlank() ? fallbackNumber : number, null);
    }

    @Override
    public String toString() {
        return "BillmateProvider[" + transport + "]";
    }
}
