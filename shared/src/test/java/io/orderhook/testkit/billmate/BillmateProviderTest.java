package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateCart.Article;
import io.orderhook.provider.billmate.BillmateCart.Total;
import io.orderhook.provider.billmate.BillmateJson;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.ShopConfig;

/** The Billmate client against the sandbox over real HTTP: every function, status rule and fault. */
class BillmateProviderTest {

    private static final String MERCHANT = "12345";
    private static final String SECRET = "s3cr3t/åäö";
    private static final HttpClient HTTP = BillmateProvider.httpClient();

    private static BillmateSandbox sandbox;
    private static BillmateProvider billmate;

    @BeforeAll
    static void startSandbox() {
        sandbox = BillmateSandbox.start().merchant(MERCHANT, SECRET);
        billmate = new BillmateProvider(new ShopConfig.ProviderAccount(
                "billmate", MERCHANT, "ref", sandbox.endpoint().toString(), true), SECRET, HTTP);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.clearFaults();
        sandbox.errorEnvelope(BillmateSandbox.ErrorEnvelope.DATA);
        sandbox.creditAnswer(BillmateSandbox.CreditAnswer.NEW_NUMBER_PAID);
        sandbox.articleTaxInPaymentinfo(true);
    }

    /** 2 x 100.00 at 25 % and 1 x 50.00 at 12 %: 250.00 + 56.00 tax = 306.00. */
    static BillmateCart cart() {
        return new BillmateCart(List.of(
                new Article("A1", "Kopp", 2, 10000, new BigDecimal("25"), BigDecimal.ZERO, 20000),
                new Article("B2", "Te", 1, 5000, new BigDecimal("12"), BigDecimal.ZERO, 5000)),
                Optional.empty(), Optional.empty(), new Total(25000, 5600, 0, 30600));
    }

    /** A customer's checkout of {@link #cart()}: the shop's checkout plugin reserves it (not orderhook's client). */
    static String reserve(int method) {
        return checkoutOf(sandbox).payCart("order-" + System.nanoTime(), method, cartData(cart()));
    }

    static BillmateCheckout checkoutOf(BillmateSandbox sandbox) {
        return new BillmateCheckout(sandbox.endpoint(), MERCHANT, SECRET);
    }

    static BillmateCheckout checkoutOf(BillmateSandbox sandbox, String merchant, String secret) {
        return new BillmateCheckout(sandbox.endpoint(), merchant, secret);
    }

    /** A cart as a request's {@code Articles} and {@code Cart}. */
    static ObjectNode cartData(BillmateCart cart) {
        ObjectNode data = BillmateJson.object();
        cart.writeTo(data);
        return data;
    }

    static String reserve() {
        return reserve(1);
    }

    static String activated() {
        String number = reserve();
        assertInstanceOf(ProviderResult.Done.class, billmate.activatePayment(number));
        return number;
    }

    static String status(String number) {
        return sandbox.payment(number).orElseThrow().status();
    }

    // ---- every function ---------------------------------------------------------------------

    @Test
    void aCheckoutCreatesAReservationWithTheCart() {
        String number = reserve();
        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals("Created", payment.status());
        assertEquals(30600, payment.totalWithTax());
        assertEquals("Kopp", payment.articles().get(0).path("title").asText());
        assertEquals(1, sandbox.calls("addPayment", number));
    }

    @Test
    void activatePaymentActivatesAnInvoiceAsFactoringOnce() {
        String number = reserve();
        ProviderResult result = billmate.activate(number, "key-1");
        assertEquals(new ProviderResult.Done(number, null), result);
        assertEquals("Factoring", status(number));
        assertEquals(1, sandbox.calls("activatePayment", number));
    }

    @Test
    void aCardPaymentIsPaidWhenActivated() {
        String number = reserve(8);
        billmate.activate(number, "k");
        assertEquals("Paid", status(number));
    }

    @Test
    void cancelPaymentCancelsACreatedReservation() {
        String number = reserve();
        assertEquals(new ProviderResult.Done(number, null), billmate.cancel(number, "k"));
        assertEquals("Cancelled", status(number));
    }

    @Test
    void updatePaymentReplacesTheRowsAndTotals() {
        String number = reserve();
        BillmateCart smaller = new BillmateCart(List.of(
                new Article("A1", "Kopp", 1, 10000, new BigDecimal("25"), BigDecimal.ZERO, 10000)),
                Optional.empty(), Optional.empty(), new Total(10000, 2500, 0, 12500));
        assertInstanceOf(ProviderResult.Done.class, billmate.updatePayment(number, forUpdate(), smaller));
        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals(12500, payment.totalWithTax());
        assertEquals(1, payment.articles().size());
        assertEquals("Created", payment.status());
    }

    @Test
    void getPaymentinfoReportsStatusAndTotal() {
        String number = reserve();
        PaymentInfo info = ((ProviderResult.Done) billmate.status(number)).info();
        assertEquals(new PaymentInfo(number, PaymentState.RESERVED, "Created", 30600, -1), new PaymentInfo(info.paymentNumber(),
                info.state(), info.providerStatus(), info.totalWithTax(), info.creditedWithTax()));
        assertEquals(Duration.ofDays(28), info.lapse().lifetime(), "an invoice: orderhook's table, Billmate tells none");
        assertEquals(Duration.ofDays(7),
                ((ProviderResult.Done) billmate.status(reserve(8))).info().lapse().lifetime(), "a card: the card schemes' 7 days");
        assertFalse(billmate.capabilities().extendsAuthorisation(), "Billmate has no extension");
        billmate.activate(number, "k");
        assertEquals(PaymentState.ACTIVATED, ((ProviderResult.Done) billmate.status(number)).info().state());
    }

    @Test
    void aPartCreditCreditsTheRowsAndAnswersTheCreditInvoiceNumber() {
        String number = activated();
        BillmateCart oneCup = new BillmateCart(List.of(
                new Article("A1", "Kopp", 1, 10000, new BigDecimal("25"), BigDecimal.ZERO, 10000)),
                Optional.empty(), Optional.empty(), new Total(10000, 2500, 0, 12500));
        ProviderResult result = billmate.creditPayment(number, oneCup);
        String creditNumber = assertInstanceOf(ProviderResult.Done.class, result).providerNumber();

        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals(12500, payment.creditedWithTax());
        assertEquals(List.of(creditNumber), payment.creditNumbers());
        assertEquals("Factoring", payment.status(), "a part credit leaves the invoice active");
        assertEquals(number, sandbox.payment(creditNumber).orElseThrow().relatedNumber());
    }

    @Test
    void aFullCreditCreditsTheBalanceAndMarksThePaymentCredited() {
        String number = activated();
        sandbox.creditAnswer(BillmateSandbox.CreditAnswer.SAME_NUMBER_CREDITED);
        assertEquals(new ProviderResult.Done(number, null), billmate.creditPayment(number, null));
        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals(30600, payment.creditedWithTax());
        assertEquals("Credited", payment.status());
        assertEquals(PaymentState.CREDITED, ((ProviderResult.Done) billmate.status(number)).info().state());
    }

    // ---- credits return what the payment booked -----------------------------------------------

    /**
     * Order 30 (25, 12 and 6 %) as the customer's checkout reserved it: its own cart, one article per
     * row and the shop's total_tax as Total.tax. Billmate books the 1.42 of magazines at 6 % with
     * 0.09 of VAT (8.52 öre rounded), the shop's tax line says 0.08, and Total.tax is an öre below
     * the rows' VAT: that öre is booked at no rate.
     */
    private static String order30ReservedByTheCheckout(RealOrders real) {
        String number = checkoutOf(sandbox).pay(real.orderJson(), BillmateCheckout.INVOICE);
        activate(number);
        TaxByRate booked = sandbox.payment(number).orElseThrow().chargedByRate();
        assertEquals(new TaxByRate.Part(142, 9), booked.at(new BigDecimal("6")));
        assertEquals(new TaxByRate.Part(-1, 0), booked.at(BigDecimal.ZERO));
        assertEquals(8, real.taxLines().at(new BigDecimal("6")).tax(), "the shop's tax at 6 %");
        return number;
    }

    /** Order 30's refunds, oldest first, credited one after the other: what the credits returned, as orderhook records it. */
    private static TaxSplit creditEveryRefund(String number, RealOrders real) {
        TaxSplit credited = TaxSplit.EMPTY;
        for (Refund refund : real.refunds()) {
            ProviderResult result = billmate.credit(number, real.order(), refund, credited, false, "credit-" + refund.refundId());
            credited = credited.plus(assertInstanceOf(ProviderResult.Done.class, result, result.toString()).moved());
        }
        return credited;
    }

    @Test
    void aReservationBookedWithOtherVatPerRateThanTheShopsTaxLinesIsCreditedInFullExactlyAsBooked() {
        RealOrders real = RealOrders.order("30");
        String number = order30ReservedByTheCheckout(real);

        TaxSplit credited = creditEveryRefund(number, real); // 33.33, 1.00, 10.01, then the rest

        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals(payment.totalWithTax(), payment.creditedWithTax());
        assertEquals(payment.chargedByRate(), payment.creditedByRate(), "every rate's net and tax back as booked");
        assertEquals(TaxByRates.asTaxSplit(payment.creditedByRate()), credited, "orderhook records what Billmate credited");
        assertEquals("-1", sandbox.lastData("creditPayment", number).orElseThrow().at("/Cart/Total/rounding").asText(),
                "the öre booked at no rate goes back as the rest's rounding");
    }

    @Test
    void aWholePaymentCreditRecordsWhatThePaymentBooked() {
        RealOrders real = RealOrders.order("30");
        String number = order30ReservedByTheCheckout(real);
        Refund all = new Refund("all", real.order().total(), List.of(), "");

        ProviderResult result = billmate.credit(number, real.order(), all, TaxSplit.EMPTY, true, "credit-all");

        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals("Credited", payment.status());
        assertEquals(TaxByRates.asTaxSplit(payment.chargedByRate()), assertInstanceOf(ProviderResult.Done.class, result).moved());
    }

    @Test
    void anAnswerWithoutEachArticlesTaxLeavesTheCreditsToTheOrdersTaxLines() {
        RealOrders real = RealOrders.order("30");
        String number = order30ReservedByTheCheckout(real);
        // No row's VAT in the answer: how Billmate rounded it is unknown, so the shop's split is the best word.
        sandbox.articleTaxInPaymentinfo(false);

        TaxSplit credited = creditEveryRefund(number, real);

        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals(payment.totalWithTax(), payment.creditedWithTax(), "credited in full all the same");
        assertEquals(BillmateCart.charged(real.order()), credited, "planned from what the order charged");
        assertEquals(new TaxByRate.Part(142, 8), payment.creditedByRate().at(new BigDecimal("6")),
                "the shop's 0.08 at 6 %, not the 0.09 Billmate booked");
    }

    // ---- status rules -----------------------------------------------------------------------

    record Rule(String name, Function<String, String> prepare, Function<String, ProviderResult> call,
            String code, String statusAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> statusRules() {
        BillmateCart update = cart();
        return Stream.of(
                new Rule("activating a cancelled payment is 5210", n -> cancel(n), n -> billmate.activatePayment(n), "5210", "Cancelled"),
                new Rule("activating an activated payment is 5208", n -> activate(n), n -> billmate.activatePayment(n), "5208", "Factoring"),
                new Rule("activating a payment whose credit check is pending is 5202", n -> pending(n), n -> billmate.activatePayment(n), "5202", "Created"),
                new Rule("cancelling an activated payment is 5209", n -> activate(n), n -> billmate.cancelPayment(n), "5209", "Factoring"),
                new Rule("cancelling a cancelled payment is 5220", n -> cancel(n), n -> billmate.cancelPayment(n), "5220", "Cancelled"),
                new Rule("updating an activated payment is 5202", n -> activate(n), n -> billmate.updatePayment(n, forUpdate(), update), "5202", "Factoring"),
                new Rule("updating a cancelled payment is 5202", n -> cancel(n), n -> billmate.updatePayment(n, forUpdate(), update), "5202", "Cancelled"),
                new Rule("crediting a created payment is 5205", n -> n, n -> billmate.creditPayment(n, null), "5205", "Created"),
                new Rule("crediting a cancelled payment is 5211", n -> cancel(n), n -> billmate.creditPayment(n, null), "5211", "Cancelled"),
                new Rule("crediting more than the original is 5214", n -> activate(n), n -> billmate.creditPayment(n, bigger()), "5214", "Factoring"),
                new Rule("crediting more than the balance is 5213", n -> creditHalf(activate(n)), n -> billmate.creditPayment(n, cart()), "5213", "Factoring"),
                new Rule("crediting a fully credited payment is 5204", n -> creditAll(activate(n)), n -> billmate.creditPayment(n, null), "5204", "Credited"),
                new Rule("crediting a credit invoice is 5212", n -> creditNumber(activate(n)), n -> billmate.creditPayment(n, null), "5212", "Paid"),
                new Rule("activating a credit invoice is 5223", n -> creditNumber(activate(n)), n -> billmate.activatePayment(n), "5223", "Paid"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusRules")
    void aCallTheStatusDoesNotAllowIsRefusedWithItsCodeAndChangesNothing(Rule rule) {
        String number = rule.prepare().apply(reserve());
        ProviderResult result = rule.call().apply(number);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, result, result.toString());
        assertEquals(rule.code(), refused.code());
        assertFalse(refused.message().isBlank());
        assertEquals(rule.statusAfter(), status(number));
    }

    @Test
    void aCardPaymentCannotBeUpdatedAboveItsReservedTotal() {
        String number = reserve(8);
        ProviderResult result = billmate.updatePayment(number, forUpdate(), bigger());
        assertEquals("5215", assertInstanceOf(ProviderResult.Refused.class, result).code());
        assertEquals(30600, sandbox.payment(number).orElseThrow().totalWithTax());
    }

    @Test
    void aBankPaymentCannotBeUpdated() {
        String number = reserve(16);
        assertEquals("5216", ((ProviderResult.Refused) billmate.updatePayment(number, forUpdate(), cart())).code());
    }

    @Test
    void anUnknownPaymentIs5201ForEveryFunction() {
        for (ProviderResult result : List.of(billmate.activatePayment("999"), billmate.cancelPayment("999"),
                billmate.updatePayment("999", forUpdate(), cart()), billmate.creditPayment("999", null),
                billmate.getPaymentinfo("999"))) {
            assertEquals("5201", assertInstanceOf(ProviderResult.Refused.class, result).code());
        }
    }

    @Test
    void anotherMerchantsPaymentDoesNotExistForThisMerchant() {
        String number = reserve();
        sandbox.merchant("777", "other");
        BillmateProvider other = new BillmateProvider(sandbox.endpoint(), "777", "other", true, HTTP);
        assertEquals("5201", ((ProviderResult.Refused) other.activatePayment(number)).code());
        assertEquals("Created", status(number));
    }

    // ---- credentials and envelopes ----------------------------------------------------------

    @Test
    void aWrongSecretIsRefusedAsACredentialsErrorTellingTheMerchantWhatToCheck() {
        String number = reserve();
        BillmateProvider wrong = new BillmateProvider(sandbox.endpoint(), MERCHANT, "not-the-secret", true, HTTP);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, wrong.activatePayment(number));
        assertEquals("9013", refused.code());
        assertTrue(refused.message().contains("merchant id and secret"), refused.message());
        assertEquals("Created", status(number));
    }

    @Test
    void anUnknownMerchantIdIsACredentialsError() {
        BillmateProvider unknown = new BillmateProvider(sandbox.endpoint(), "404404", SECRET, true, HTTP);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, unknown.getPaymentinfo("1"));
        assertEquals("9011", refused.code());
        assertTrue(refused.message().contains("merchant id and secret"), refused.message());
    }

    @Test
    void errorsInTheTopLevelEnvelopeAreReadLikeDataErrors() {
        String number = activated();
        sandbox.errorEnvelope(BillmateSandbox.ErrorEnvelope.TOP_LEVEL);
        ProviderResult result = billmate.cancelPayment(number);
        assertEquals("5209", assertInstanceOf(ProviderResult.Refused.class, result).code());
    }

    // ---- faults -----------------------------------------------------------------------------

    static Stream<Arguments> transientCodes() {
        return Stream.of("9008", "9999").map(Arguments::of);
    }

    static Stream<Arguments> temporaryCodes() {
        return Stream.of("5290", "5291", "5292").map(Arguments::of);
    }

    @ParameterizedTest(name = "code {0}")
    @MethodSource("temporaryCodes")
    void aTemporaryDeclineIsASoftRefusalThatAppliesNothing(String code) {
        String number = activated();
        sandbox.inject("creditPayment", 1, SandboxFault.error(code));
        ProviderResult.Refused result = assertInstanceOf(ProviderResult.Refused.class, billmate.creditPayment(number, null));
        assertTrue(result.temporary(), "a soft decline");
        assertEquals(code, result.code());
        assertEquals(0, sandbox.payment(number).orElseThrow().creditedWithTax());

        assertInstanceOf(ProviderResult.Done.class, billmate.creditPayment(number, null), "the decline was for one call");
    }

    @ParameterizedTest(name = "code {0}")
    @MethodSource("transientCodes")
    void aTransientErrorCodeIsTransientWithAKnownOutcomeAndAppliesNothing(String code) {
        String number = activated();
        sandbox.inject("creditPayment", 1, SandboxFault.error(code));
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class, billmate.creditPayment(number, null));
        assertFalse(result.outcomeUnknown());
        assertTrue(result.reason().contains(code), result.reason());
        assertEquals(0, sandbox.payment(number).orElseThrow().creditedWithTax());

        assertInstanceOf(ProviderResult.Done.class, billmate.creditPayment(number, null), "the fault was for one call");
        assertEquals(2, sandbox.calls("creditPayment", number));
    }

    @Test
    void anHttp5xxIsTransientAndAppliesNothing() {
        String number = reserve();
        sandbox.inject("activatePayment", 2, SandboxFault.http(503));
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(ProviderResult.Transient.class, billmate.activatePayment(number));
        }
        assertEquals("Created", status(number));
        assertInstanceOf(ProviderResult.Done.class, billmate.activatePayment(number));
        assertEquals(3, sandbox.calls("activatePayment", number));
    }

    @Test
    void anHttp404IsRefusedPointingAtTheEndpointSetting() {
        sandbox.inject(SandboxFault.http(404));
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, billmate.getPaymentinfo("1"));
        assertEquals("HTTP_404", refused.code());
        assertTrue(refused.message().contains("endpoint"), refused.message());
    }

    @Test
    void aTimeoutAfterSendingIsTransientWithAnUnknownOutcome() {
        String number = reserve();
        BillmateProvider impatient = billmate.withReadTimeout(Duration.ofMillis(300));
        sandbox.inject("activatePayment", 1, SandboxFault.timeout(Duration.ofSeconds(2)));
        long started = System.nanoTime();
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class, impatient.activatePayment(number));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1500, "the client gave up at its read timeout");
        assertTrue(result.outcomeUnknown());
        assertEquals("Created", status(number), "a timeout fault applies nothing");
    }

    @Test
    void aReadTimeoutOnGetPaymentinfoHasNoUnknownOutcome() {
        String number = reserve();
        sandbox.inject("getPaymentinfo", 1, SandboxFault.timeout(Duration.ofSeconds(2)));
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class,
                billmate.withReadTimeout(Duration.ofMillis(300)).getPaymentinfo(number));
        assertFalse(result.outcomeUnknown(), "reading changes nothing");
    }

    @Test
    void aSlowAnswerBeyondTheReadTimeoutIsUnknownAndWasAppliedAfterAll() throws Exception {
        String number = reserve();
        sandbox.inject("cancelPayment", 1, SandboxFault.latency(Duration.ofMillis(700)));
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class,
                billmate.withReadTimeout(Duration.ofMillis(200)).cancelPayment(number));
        assertTrue(result.outcomeUnknown());
        awaitStatus(number, "Cancelled");
        // Resolving the unknown outcome: the provider's own state says it happened.
        assertEquals(PaymentState.CANCELLED, ((ProviderResult.Done) billmate.status(number)).info().state());
    }

    @Test
    void latencyWithinTheReadTimeoutIsJustSlow() {
        String number = reserve();
        sandbox.inject("activatePayment", 1, SandboxFault.latency(Duration.ofMillis(200)));
        assertInstanceOf(ProviderResult.Done.class, billmate.activatePayment(number));
        assertEquals("Factoring", status(number));
    }

    @Test
    void aLostResponseIsUnknownButTheCallWasApplied() {
        String number = reserve();
        sandbox.inject("activatePayment", 1, SandboxFault.lostResponse());
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class, billmate.activatePayment(number));
        assertTrue(result.outcomeUnknown());
        assertEquals("Factoring", status(number));
        // Retrying blindly would be refused: this is why unknown outcomes are resolved with status first.
        assertEquals("5208", ((ProviderResult.Refused) billmate.activatePayment(number)).code());
    }

    @Test
    void anAnswerWithAWrongHashIsNotTrusted() {
        String number = reserve();
        sandbox.inject("activatePayment", 1, SandboxFault.wrongResponseHash());
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class, billmate.activatePayment(number));
        assertTrue(result.outcomeUnknown());
        assertTrue(result.reason().contains("hash"), result.reason());
    }

    @Test
    void aRefusedConnectionIsTransientAndNotSent() {
        BillmateProvider nowhere = new BillmateProvider(URI.create("http://127.0.0.1:1/"), MERCHANT, SECRET, true, HTTP);
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class, nowhere.activatePayment("1"));
        assertFalse(result.outcomeUnknown());
    }

    @Test
    void faultsCanBeScheduledForAnyFunctionForTheNextNCalls() {
        String number = reserve();
        sandbox.inject(null, 2, SandboxFault.error("9008"));
        assertInstanceOf(ProviderResult.Transient.class, billmate.getPaymentinfo(number));
        assertInstanceOf(ProviderResult.Transient.class, billmate.activatePayment(number));
        assertEquals(0, sandbox.pendingFaults());
        assertInstanceOf(ProviderResult.Done.class, billmate.activatePayment(number));
    }

    // ---- debug log hook ---------------------------------------------------------------------

    @Test
    void theCallListenerSeesEveryCallRedacted() {
        List<ProviderCallListener.Call> calls = new CopyOnWriteArrayList<>();
        BillmateProvider logged = billmate.withCallListener(calls::add);
        String number = reserve();
        logged.getPaymentinfo(number);
        logged.updatePayment(number, forUpdate(), cart());

        assertEquals(List.of("getPaymentinfo", "updatePayment"), calls.stream().map(ProviderCallListener.Call::function).toList());
        for (ProviderCallListener.Call call : calls) {
            String both = call.requestJson() + call.responseJson();
            for (String secretOrPersonal : List.of("550101-1018", "Tess", "Person", "Testv", "54321", "Testinge",
                    "tess@example.com", "0700000000", SECRET)) {
                assertFalse(both.contains(secretOrPersonal), call.function() + " logged " + secretOrPersonal + ": " + both);
            }
            assertFalse(call.requestJson().matches(".*\"hash\":\"[0-9a-f]{128}\".*"), "no hash in the log");
            assertEquals(200, call.httpStatus());
            assertTrue(call.outcome().startsWith("done"), call.outcome());
        }
        assertTrue(calls.get(0).responseJson().contains("\"Kopp\""), "articles stay in the log: " + calls.get(0).responseJson());
        assertTrue(calls.get(1).requestJson().contains("\"Kopp\""), "articles stay in the log: " + calls.get(1).requestJson());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String cancel(String number) {
        assertInstanceOf(ProviderResult.Done.class, billmate.cancelPayment(number));
        return number;
    }

    private static String activate(String number) {
        assertInstanceOf(ProviderResult.Done.class, billmate.activatePayment(number));
        return number;
    }

    private static String pending(String number) {
        sandbox.setCreditCheck(number, "Pending");
        return number;
    }

    /** The order an update is for: currency, order number, the customer's country and e-mail (9103, 9104). */
    static io.orderhook.order.OrderSnapshot forUpdate() {
        io.orderhook.order.Customer.Address billing = new io.orderhook.order.Customer.Address("Tess", "Person", "",
                "Testv\u00e4gen 1", "", "12345", "Testinge", "SE", "0700000000");
        return new io.orderhook.order.OrderSnapshot("o-1", "processing", "bco", "1", "SEK", java.time.Instant.EPOCH, false,
                List.of(), List.of(), 0, 0, List.of(), java.util.Map.of(), "o-1",
                new io.orderhook.order.Customer("test@example.com", billing, io.orderhook.order.Customer.Address.NONE, ""));
    }

    private static String creditHalf(String number) {
        BillmateCart twoCups = new BillmateCart(List.of(
                new Article("A1", "Kopp", 2, 10000, new BigDecimal("25"), BigDecimal.ZERO, 20000)),
                Optional.empty(), Optional.empty(), new Total(20000, 5000, 0, 25000));
        assertInstanceOf(ProviderResult.Done.class, billmate.creditPayment(number, twoCups));
        return number;
    }

    private static String creditAll(String number) {
        assertInstanceOf(ProviderResult.Done.class, billmate.creditPayment(number, null));
        return number;
    }

    private static String creditNumber(String number) {
        return ((ProviderResult.Done) billmate.creditPayment(number, null)).providerNumber();
    }

    private static BillmateCart bigger() {
        return new BillmateCart(List.of(
                new Article("A1", "Kopp", 4, 10000, new BigDecimal("25"), BigDecimal.ZERO, 40000)),
                Optional.empty(), Optional.empty(), new Total(40000, 10000, 0, 50000));
    }

    private static void awaitStatus(String number, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!expected.equals(status(number)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, status(number));
    }
}
