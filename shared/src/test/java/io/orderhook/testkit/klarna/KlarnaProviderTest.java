package io.orderhook.testkit.klarna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.AuthorisationLapse;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.klarna.KlarnaCredentials;
import io.orderhook.provider.klarna.KlarnaOrder;
import io.orderhook.provider.klarna.KlarnaPlugin;
import io.orderhook.provider.klarna.KlarnaProvider;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.woocommerce.WooFixtures;

/** The Klarna client against the sandbox over real HTTP: every SPI call, status rule and fault. */
class KlarnaProviderTest {

    private static final String USER = "PK40000_orderhook";
    private static final String PASSWORD = "pw:with/odd+chars";
    private static final HttpClient HTTP = KlarnaProvider.httpClient();

    private static KlarnaTestbed bed;
    private static KlarnaSandbox sandbox;
    private static KlarnaProvider klarna;
    private static KlarnaCheckout checkout;

    @BeforeAll
    static void startSandbox() {
        bed = new KlarnaTestbed(USER, PASSWORD);
        sandbox = bed.sandbox;
        klarna = bed.klarna;
        checkout = bed.checkout;
    }

    @AfterAll
    static void stopSandbox() {
        bed.close();
    }

    @BeforeEach
    void reset() {
        sandbox.clearFaults();
        sandbox.refuseIncreases(false);
    }

    /** Order 1234: prices without tax at 25/12/6 %, a 10 % coupon, a fee and shipping: 1,372.63 SEK. */
    static ObjectNode coffeeOrder() {
        return WooFixtures.read("order-tax-exclusive-coupon-fee.json");
    }

    /** The same order after the merchant removed the coffee maker (900.00 with tax) while it was on hold: 472.63. */
    static ObjectNode withoutTheCoffeeMaker() {
        ObjectNode order = coffeeOrder();
        ((ArrayNode) order.path("line_items")).remove(0);
        order.put("total", "472.63").put("total_tax", "56.13");
        return order;
    }

    /** Order 2345: prices with tax from an older shop, with refunds 901 (one cup, 99.00), 902 (100.00) and 903. */
    static ObjectNode teaOrder() {
        return WooFixtures.read("order-tax-inclusive-no-rate-percent.json");
    }

    static Refund refund(String name) {
        return WooOrderJson.refund(WooFixtures.read(name), "SEK");
    }

    static OrderSnapshot snapshot(JsonNode order) {
        return WooOrderJson.order(order);
    }

    static String authorised(JsonNode order) {
        return checkout.pay(order);
    }

    static String authorised(JsonNode order, String method, String fraud) {
        return checkout.pay(order, sandbox.authorizationToken(method, fraud));
    }

    static KlarnaSandbox.Order held(String orderId) {
        return sandbox.order(orderId).orElseThrow();
    }

    static String captured(JsonNode order) {
        String id = authorised(order);
        assertInstanceOf(ProviderResult.Done.class, klarna.activate(id, snapshot(order), List.of(), "activate:" + id));
        return id;
    }

    // ---- status ---------------------------------------------------------------------------------

    @Test
    void statusReadsAnAuthorisedOrderAsAReservationOfItsAmount() {
        String id = authorised(coffeeOrder());
        AuthorisationLapse lapse = AuthorisationLapse.reported(held(id).expiresAt().truncatedTo(ChronoUnit.MILLIS),
                "Klarna's expires_at");
        assertEquals(new ProviderResult.Done(id, new PaymentInfo(id, PaymentState.RESERVED, "AUTHORIZED", 137263, 0, lapse)),
                klarna.status(id));
        assertTrue(klarna.capabilities().extendsAuthorisation(), "Klarna can extend an authorisation");
    }

    @Test
    void readingTheOrderGivesWhatOrderManagementNeeds() {
        String id = authorised(coffeeOrder(), "CARD", "ACCEPTED");
        KlarnaOrder order = ((KlarnaOrder.Read.Found) klarna.readOrder(id)).order();
        assertEquals("AUTHORIZED", order.status());
        assertEquals(137263, order.remainingAuthorizedAmount());
        assertEquals("CARD", order.paymentMethodType());
        assertEquals("SEK", order.currency());
        assertTrue(order.expiresAt().orElseThrow().isAfter(Instant.now().plus(Duration.ofDays(27))));
    }

    // ---- activate -------------------------------------------------------------------------------

    @Test
    void activatingCapturesTheOrdersLinesOnceAndTheOrderIsCaptured() {
        String id = authorised(coffeeOrder());
        ProviderResult result = klarna.activate(id, snapshot(coffeeOrder()), List.of(), "activate:1234");
        String captureId = assertInstanceOf(ProviderResult.Done.class, result).providerNumber();
        KlarnaSandbox.Order order = held(id);
        assertEquals("CAPTURED", order.status());
        assertEquals(137263, order.capturedAmount());
        assertEquals(1, order.captures().size());
        assertEquals(captureId, order.captures().get(0).id());
        assertEquals(5, order.captures().get(0).lines().size(), "three products, the fee and shipping");
        assertEquals("1234", order.captures().get(0).reference());
        assertEquals(0, sandbox.calls("release_remaining_authorization", id), "nothing was left to release");
    }

    @Test
    void anEditThatLowersTheTotalCapturesExactlyTheNewTotalAndReleasesTheRest() {
        String id = authorised(coffeeOrder());
        ProviderResult result = klarna.activate(id, snapshot(withoutTheCoffeeMaker()), List.of(), "activate:1234");
        assertInstanceOf(ProviderResult.Done.class, result);
        KlarnaSandbox.Order order = held(id);
        assertEquals(47263, order.capturedAmount());
        assertEquals(137263, order.orderAmount());
        assertEquals(0, order.remainingAuthorizedAmount(), "the rest of the authorisation is released");
        assertEquals("CAPTURED", order.status());
        assertEquals(1, sandbox.calls("capture", id));
        assertEquals(1, sandbox.calls("release_remaining_authorization", id));
        long linesTotal = 0;
        for (JsonNode line : order.captures().get(0).lines()) {
            linesTotal += line.path("total_amount").asLong();
        }
        assertEquals(47263, linesTotal);
    }

    @Test
    void activatingWithoutTheOrderCapturesEverythingAuthorised() {
        String id = authorised(teaOrder());
        assertInstanceOf(ProviderResult.Done.class, klarna.activate(id, "activate:2345"));
        KlarnaSandbox.Order order = held(id);
        assertEquals(76499, order.capturedAmount());
        assertEquals("CAPTURED", order.status());
        assertEquals(0, order.captures().get(0).lines().size(), "Klarna keeps the order's own lines");
    }

    @Test
    void anOrderCapturedAlreadyIsDoneWithoutCapturingAgain() {
        String id = captured(coffeeOrder());
        ProviderResult again = klarna.activate(id, snapshot(coffeeOrder()), List.of(), "activate:another-second");
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, again);
        assertTrue(done.alreadyDone());
        assertEquals(held(id).captures().get(0).id(), done.providerNumber());
        assertEquals(1, sandbox.calls("capture", id));
    }

    @Test
    void aLostResponseAfterACaptureIsResolvedByStatusAndTheStepSentAgainCapturesNothingMore() {
        String id = authorised(coffeeOrder());
        sandbox.inject("capture", 1, KlarnaFault.lostResponse());
        ProviderResult lost = klarna.activate(id, snapshot(coffeeOrder()), List.of(), "activate:1234:lost");
        assertTrue(assertInstanceOf(ProviderResult.Transient.class, lost).outcomeUnknown());

        PaymentInfo info = assertInstanceOf(ProviderResult.Done.class, klarna.status(id)).info();
        assertEquals(PaymentState.ACTIVATED, info.state(), "the order says the capture happened");
        assertEquals(137263, info.totalWithTax());

        ProviderResult retried = klarna.activate(id, snapshot(coffeeOrder()), List.of(), "activate:1234:lost");
        assertTrue(assertInstanceOf(ProviderResult.Done.class, retried).alreadyDone());
        assertEquals(1, held(id).captures().size());
        assertEquals(137263, held(id).capturedAmount());
    }

    @Test
    void aCaptureAppliedAfterTheClientGaveUpIsNeverCapturedTwice() throws Exception {
        String id = authorised(coffeeOrder());
        KlarnaProvider impatient = klarna.withReadTimeout(Duration.ofMillis(300));
        sandbox.inject("capture", 1, KlarnaFault.latency(Duration.ofMillis(1200)));
        ProviderResult first = impatient.activate(id, snapshot(coffeeOrder()), List.of(), "activate:1234:slow");
        assertTrue(assertInstanceOf(ProviderResult.Transient.class, first).outcomeUnknown());

        // Sent again while Klarna still works on the first: the same key on a busy order is a conflict, not a capture.
        ProviderResult meanwhile = impatient.activate(id, snapshot(coffeeOrder()), List.of(), "activate:1234:slow");
        assertFalse(assertInstanceOf(ProviderResult.Transient.class, meanwhile).outcomeUnknown());

        Thread.sleep(1200);
        ProviderResult later = klarna.activate(id, snapshot(coffeeOrder()), List.of(), "activate:1234:slow");
        assertTrue(assertInstanceOf(ProviderResult.Done.class, later).alreadyDone());
        assertEquals(1, held(id).captures().size());
        assertEquals(137263, held(id).capturedAmount());
    }

    @Test
    void aReleaseWhoseAnswerNeverCameIsRepeatedWhenTheStepIsSentAgain() {
        String id = authorised(coffeeOrder());
        sandbox.inject("release_remaining_authorization", 1, KlarnaFault.http(503));
        ProviderResult first = klarna.activate(id, snapshot(withoutTheCoffeeMaker()), List.of(), "activate:1234:edit");
        assertTrue(assertInstanceOf(ProviderResult.Transient.class, first).outcomeUnknown());
        assertEquals("PART_CAPTURED", held(id).status());

        ProviderResult again = klarna.activate(id, snapshot(withoutTheCoffeeMaker()), List.of(), "activate:1234:edit");
        assertTrue(assertInstanceOf(ProviderResult.Done.class, again).alreadyDone());
        assertEquals("CAPTURED", held(id).status());
        assertEquals(0, held(id).remainingAuthorizedAmount());
        assertEquals(1, held(id).captures().size());
        assertEquals(2, sandbox.calls("release_remaining_authorization", id));
    }

    @Test
    void refundsMadeBeforeCaptureAreNotCaptured() {
        String id = authorised(teaOrder());
        ProviderResult result = klarna.activate(id, snapshot(teaOrder()), List.of(refund("refund-901-one-cup.json")),
                "activate:2345");
        assertInstanceOf(ProviderResult.Done.class, result);
        assertEquals(76499 - 9900, held(id).capturedAmount());
        assertEquals(0, held(id).remainingAuthorizedAmount());
    }

    @Test
    void aCaptureDuringKlarnasFraudReviewIsRefusedBeforeAnythingIsSent() {
        String pending = authorised(coffeeOrder(), "INVOICE", "PENDING");
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                klarna.activate(pending, snapshot(coffeeOrder()), List.of(), "activate:p"));
        assertEquals("FRAUD_PENDING", refused.code());
        assertNotNull(refused.advice());
        assertEquals(0, sandbox.calls("capture", pending));
        assertEquals(PaymentState.PENDING, ((ProviderResult.Done) klarna.status(pending)).info().state());

        sandbox.setFraudStatus(pending, "STOPPED");
        assertEquals("FRAUD_REJECTED", ((ProviderResult.Refused) klarna.activate(pending, "activate:s")).code());
    }

    @Test
    void anExpiredAuthorisationCannotBeCapturedAndReadsAsReleased() {
        String id = authorised(coffeeOrder());
        sandbox.expire(id);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                klarna.activate(id, snapshot(coffeeOrder()), List.of(), "activate:e"));
        assertEquals("CAPTURE_NOT_ALLOWED", refused.code());
        assertTrue(refused.message().contains("expired"), refused.message());
        assertTrue(refused.message().contains("correlation id"), refused.message());
        assertNotNull(refused.advice());
        assertEquals(PaymentState.CANCELLED, ((ProviderResult.Done) klarna.status(id)).info().state());
    }

    @Test
    void aCaptureAboveTheAuthorisationIsRefusedByKlarna() {
        String id = authorised(withoutTheCoffeeMaker());
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                klarna.activate(id, snapshot(coffeeOrder()), List.of(), "activate:more"));
        assertEquals("CAPTURE_NOT_ALLOWED", refused.code());
        assertEquals(0, held(id).capturedAmount());
    }

    // ---- cancel ---------------------------------------------------------------------------------

    @Test
    void cancellingReleasesAnAuthorisedOrderAndASecondCancelIsAlreadyDone() {
        String id = authorised(coffeeOrder());
        assertEquals(new ProviderResult.Done(id, null), klarna.cancel(id, "cancel:1234"));
        assertEquals("CANCELLED", held(id).status());
        ProviderResult.Done again = assertInstanceOf(ProviderResult.Done.class, klarna.cancel(id, "cancel:1234:later"));
        assertTrue(again.alreadyDone());
        assertEquals(PaymentState.CANCELLED, again.info().state());
    }

    @Test
    void cancellingACapturedOrderIsRefusedWithAdviceToRefund() {
        String id = captured(coffeeOrder());
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, klarna.cancel(id, "cancel:c"));
        assertEquals("CANCEL_NOT_ALLOWED", refused.code());
        assertTrue(refused.advice().contains("refund"), refused.advice());
        assertEquals("CAPTURED", held(id).status());
    }

    // ---- update ---------------------------------------------------------------------------------

    @Test
    void updatingReplacesTheAuthorisedLinesAndAmountWithTheOrders() {
        String id = authorised(coffeeOrder());
        ProviderResult result = klarna.update(id, snapshot(withoutTheCoffeeMaker()), List.of(), "update:1234");
        assertEquals(new ProviderResult.Done(id, null), result);
        KlarnaSandbox.Order order = held(id);
        assertEquals(47263, order.orderAmount());
        assertEquals(4, order.lines().size());
        assertEquals(PaymentState.RESERVED, ((ProviderResult.Done) klarna.status(id)).info().state());
        assertEquals(47263, ((ProviderResult.Done) klarna.status(id)).info().totalWithTax());
    }

    @Test
    void anIncreaseIsRefusedWhereKlarnaDoesNotAllowOneAndAcceptedWhereItDoes() {
        String card = authorised(withoutTheCoffeeMaker(), "CARD", "ACCEPTED");
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                klarna.update(card, snapshot(coffeeOrder()), List.of(), "update:card"));
        assertEquals("NOT_ALLOWED", refused.code());
        assertTrue(refused.advice().contains("increase"), refused.advice());
        assertEquals(47263, held(card).orderAmount());

        String invoice = authorised(withoutTheCoffeeMaker(), "INVOICE", "ACCEPTED");
        assertInstanceOf(ProviderResult.Done.class, klarna.update(invoice, snapshot(coffeeOrder()), List.of(), "update:inv"));
        assertEquals(137263, held(invoice).orderAmount());
    }

    @Test
    void updatingACapturedOrderIsRefused() {
        String id = captured(coffeeOrder());
        assertEquals("NOT_ALLOWED", ((ProviderResult.Refused) klarna.update(id, snapshot(withoutTheCoffeeMaker()), List.of(),
                "update:late")).code());
    }

    // ---- credit ---------------------------------------------------------------------------------

    @Test
    void aRefundOfRowsIsRefundedAsThoseRowsAndKlarnaReportsTheRefundedAmount() {
        String id = captured(teaOrder());
        Refund oneCup = refund("refund-901-one-cup.json");
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class,
                klarna.credit(id, snapshot(teaOrder()), oneCup, TaxSplit.EMPTY, false, "credit:901"));
        KlarnaSandbox.Movement made = held(id).refunds().get(0);
        assertEquals(made.id(), done.providerNumber());
        assertEquals(9900, made.amount());
        assertEquals("2345|901", made.reference());
        assertEquals("Trasig kopp", made.description());
        assertEquals(1, made.lines().size());
        assertEquals("Tekopp – blå", made.lines().path(0).path("name").asText());
        assertEquals(TaxSplit.of(new BigDecimal("25"), 7920, 1980), done.moved());
        assertEquals(9900, ((ProviderResult.Done) klarna.status(id)).info().creditedWithTax());
    }

    @Test
    void aRefundedAmountIsSplitOverTheRatesAndTheRestReturnsWhatIsLeft() {
        String id = captured(teaOrder());
        OrderSnapshot order = snapshot(teaOrder());
        ProviderResult.Done amount = assertInstanceOf(ProviderResult.Done.class, klarna.credit(id, order,
                refund("refund-902-amount-only.json"), TaxSplit.EMPTY, false, "credit:902"));
        assertEquals(10000, amount.moved().withTax());
        assertEquals(3, held(id).refunds().get(0).lines().size(), "one line per rate");

        Refund rest = new Refund("904", 76499 - 10000, List.of(), "rest");
        ProviderResult.Done last = assertInstanceOf(ProviderResult.Done.class,
                klarna.credit(id, order, rest, amount.moved(), false, "credit:904"));
        assertEquals(76499, held(id).refundedAmount());
        assertEquals(PaymentState.CREDITED, ((ProviderResult.Done) klarna.status(id)).info().state());
        assertEquals(order.totalTax(), amount.moved().plus(last.moved()).tax(), "the VAT returned is the VAT charged");
    }

    @Test
    void aRefundOfTheWholePaymentRefundsEverythingCaptured() {
        String id = captured(coffeeOrder());
        Refund all = new Refund("990", 137263, List.of(), "");
        assertInstanceOf(ProviderResult.Done.class, klarna.credit(id, snapshot(coffeeOrder()), all, TaxSplit.EMPTY, true,
                "credit:990"));
        assertEquals(137263, held(id).refundedAmount());
        assertEquals(PaymentState.CREDITED, ((ProviderResult.Done) klarna.status(id)).info().state());
    }

    @Test
    void aRefundBeforeCaptureOrAboveWhatIsLeftIsRefusedByKlarna() {
        String id = authorised(teaOrder());
        ProviderResult.Refused early = assertInstanceOf(ProviderResult.Refused.class, klarna.credit(id, snapshot(teaOrder()),
                refund("refund-901-one-cup.json"), TaxSplit.EMPTY, false, "credit:901"));
        assertEquals("REFUND_NOT_ALLOWED", early.code());

        String part = authorised(teaOrder());
        klarna.activate(part, snapshot(teaOrder()), List.of(refund("refund-902-amount-only.json")), "activate:part");
        ProviderResult.Refused over = assertInstanceOf(ProviderResult.Refused.class, klarna.credit(part,
                snapshot(teaOrder()), new Refund("905", 76499 - 9999, List.of(), ""), TaxSplit.EMPTY, false, "credit:905"));
        assertEquals("REFUND_NOT_ALLOWED", over.code());
        assertEquals(0, held(part).refundedAmount());
    }

    @Test
    void aRefundWhoseAnswerWasLostIsReplayedForItsKeyAndRefundedOnce() {
        String id = captured(teaOrder());
        Refund oneCup = refund("refund-901-one-cup.json");
        sandbox.inject("refund", 1, KlarnaFault.lostResponse());
        ProviderResult lost = klarna.credit(id, snapshot(teaOrder()), oneCup, TaxSplit.EMPTY, false, "credit:901");
        assertTrue(assertInstanceOf(ProviderResult.Transient.class, lost).outcomeUnknown());
        assertEquals(9900, ((ProviderResult.Done) klarna.status(id)).info().creditedWithTax(),
                "Klarna's refunded_amount decides the unknown outcome");

        ProviderResult again = klarna.credit(id, snapshot(teaOrder()), oneCup, TaxSplit.EMPTY, false, "credit:901");
        String refundId = assertInstanceOf(ProviderResult.Done.class, again).providerNumber();
        assertEquals(1, held(id).refunds().size());
        assertEquals(held(id).refunds().get(0).id(), refundId, "read from the order when the replay carries no Refund-Id");
        assertEquals(9900, held(id).refundedAmount());
    }

    // ---- beyond the SPI -------------------------------------------------------------------------

    @Test
    void extendingMovesTheExpiryAndAnExpiredOrderCannotBeExtended() {
        String id = authorised(coffeeOrder());
        sandbox.advance(Duration.ofDays(10));
        try {
            assertEquals(new ProviderResult.Done(id, null), klarna.extendAuthorizationTime(id, "extend:1234:day-10"));
            assertTrue(held(id).expiresAt().isAfter(Instant.now().plus(Duration.ofDays(37))));
        } finally {
            sandbox.advance(Duration.ofDays(-10));
        }
        String expired = authorised(coffeeOrder());
        sandbox.expire(expired);
        assertEquals("NOT_ALLOWED", ((ProviderResult.Refused) klarna.extendAuthorizationTime(expired, "extend:e")).code());
    }

    @Test
    void aCallSentAgainWithTheSameKeyIsAnsweredWithTheFirstAnswer() {
        String id = authorised(coffeeOrder());
        klarna.activate(id, snapshot(withoutTheCoffeeMaker()), List.of(), "activate:1234:replay");
        assertEquals("CAPTURED", held(id).status());
        // Released already: without the key Klarna would refuse; with the step's key it answers as the first time.
        assertEquals(new ProviderResult.Done(id, null), klarna.releaseRemainingAuthorization(id, "activate:1234:replay"));
        assertEquals(ProviderResult.Kind.REFUSED, klarna.releaseRemainingAuthorization(id, "another step").kind());
    }

    // ---- errors and faults ----------------------------------------------------------------------

    @Test
    void anUnknownOrderIsAnUnknownPaymentForEveryCall() {
        String unknown = "00000000-0000-4000-8000-000000000000";
        OrderSnapshot order = snapshot(coffeeOrder());
        for (ProviderResult result : List.of(klarna.status(unknown), klarna.activate(unknown, order, List.of(), "a"),
                klarna.cancel(unknown, "c"), klarna.update(unknown, order, List.of(), "u"),
                klarna.credit(unknown, order, new Refund("1", 100, List.of(), ""), TaxSplit.EMPTY, false, "r"))) {
            ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, result);
            assertEquals("NO_SUCH_ORDER", refused.code());
            assertTrue(refused.unknownPayment());
        }
    }

    @Test
    void credentialsKlarnaDoesNotAcceptAreACredentialsRefusal() {
        String id = authorised(coffeeOrder());
        KlarnaProvider wrong = new KlarnaProvider(sandbox.baseUrl(), new KlarnaCredentials(USER, "wrong"), HTTP);
        for (ProviderResult result : List.of(wrong.status(id), wrong.cancel(id, "c"))) {
            ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, result);
            assertEquals(ProviderResult.Refused.Reason.CREDENTIALS, refused.reason());
            assertEquals("UNAUTHORIZED", refused.code());
            assertFalse(refused.message().contains("wrong"));
        }
        assertEquals("AUTHORIZED", held(id).status());
    }

    @Test
    void aSecretThatIsNotUsernameColonPasswordSendsNothing() {
        String id = authorised(coffeeOrder());
        int before = sandbox.calls("get_order");
        PaymentProvider provider = new KlarnaPlugin().create(
                new ShopConfig.ProviderAccount("klarna", "M123456", "ref", sandbox.baseUrl().toString(), true), "no-colon");
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, provider.status(id));
        assertEquals(ProviderResult.Refused.Reason.CREDENTIALS, refused.reason());
        assertEquals("CREDENTIALS_FORMAT", refused.code());
        assertEquals(before, sandbox.calls("get_order"));
    }

    record Fault(String name, String operation, KlarnaFault fault, Function<String, ProviderResult> call,
            boolean outcomeUnknown, boolean applied) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                new Fault("503 to a read", "get_order", KlarnaFault.http(503), id -> klarna.status(id), false, false),
                new Fault("a gateway's 502 page to a read", "get_order", KlarnaFault.gatewayPage(502),
                        id -> klarna.status(id), false, false),
                new Fault("429 to a cancel", "cancel", KlarnaFault.http(429), id -> klarna.cancel(id, "c"), false, false),
                new Fault("500 to a cancel", "cancel", KlarnaFault.http(500), id -> klarna.cancel(id, "c"), true, false),
                new Fault("a cancel applied, then 500", "cancel", KlarnaFault.appliedThen(500),
                        id -> klarna.cancel(id, "c"), true, true),
                new Fault("a cancel applied, its answer lost", "cancel", KlarnaFault.lostResponse(),
                        id -> klarna.cancel(id, "c"), true, true),
                new Fault("a read timing out", "get_order", KlarnaFault.timeout(Duration.ofMillis(600)),
                        id -> klarna.withReadTimeout(Duration.ofMillis(200)).status(id), false, false),
                new Fault("a cancel timing out", "cancel", KlarnaFault.timeout(Duration.ofMillis(600)),
                        id -> klarna.withReadTimeout(Duration.ofMillis(200)).cancel(id, "c"), true, false))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void faultsAreTransientAndAnUnknownOutcomeOnlyForCallsThatChangeTheOrder(Fault fault) {
        String id = authorised(coffeeOrder());
        sandbox.inject(fault.operation(), 1, fault.fault());
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class, fault.call().apply(id));
        assertEquals(fault.outcomeUnknown(), result.outcomeUnknown(), result.reason());
        assertEquals(fault.applied() ? "CANCELLED" : "AUTHORIZED", held(id).status());
    }

    @Test
    void klarnaThatCannotBeReachedIsTransientAndNothingWasSent() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KlarnaProvider nowhere = new KlarnaProvider(URI.create("http://127.0.0.1:" + port + "/"),
                new KlarnaCredentials(USER, PASSWORD), HTTP);
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class, nowhere.cancel("o", "c"));
        assertFalse(result.outcomeUnknown());
    }

    @Test
    void anySuccessStatusMeansAppliedNeverARefusal() throws Exception {
        // The reference gives 204 for a cancel; a 200 was applied all the same.
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            KlarnaProvider other = new KlarnaProvider(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                    new KlarnaCredentials(USER, PASSWORD), HTTP);
            assertEquals(new ProviderResult.Done("o", null), other.cancel("o", "cancel:o"));
        } finally {
            server.stop(0);
        }
    }

    // ---- names, capabilities, plug-in, debug log -------------------------------------------------

    @Test
    void klarnaIsNamedAsMerchantsKnowItAndCanCapturePartAndRepeatByKey() {
        assertEquals("Klarna", klarna.name());
        assertEquals(new ProviderNames("Klarna", "Klarna Checkout", "the Klarna merchant portal"), klarna.names());
        assertTrue(klarna.capabilities().idempotencyKeys());
        assertTrue(klarna.capabilities().partialActivation());
        assertFalse(klarna.capabilities().updateAfterActivation());
        assertFalse(klarna.capabilities().repeatedActivationRefused());
        assertFalse(klarna.toString().contains(PASSWORD));
    }

    @Test
    void thePluginIsNamedKlarnaAndKnowsWhereKlarnasPluginsKeepTheOrderId() {
        KlarnaPlugin plugin = new KlarnaPlugin();
        assertEquals("klarna", plugin.name());
        assertEquals(List.of("transaction_id", "_wc_klarna_order_id"), KlarnaPlugin.PAYMENT_NUMBER_FIELDS);
        assertTrue(KlarnaPlugin.PAYMENT_METHODS.containsAll(List.of("kco", "klarna_payments")));
        String id = authorised(coffeeOrder());
        ProviderResult status = plugin.create(new ShopConfig.ProviderAccount("klarna", "M123456", "ref",
                sandbox.baseUrl().toString(), true), USER + ":" + PASSWORD).status(id);
        assertEquals(PaymentState.RESERVED, ((ProviderResult.Done) status).info().state());
    }

    @Test
    void theDebugLogHearsOfEveryCallWithoutTheCustomersDetails() {
        List<ProviderCallListener.Call> calls = new CopyOnWriteArrayList<>();
        KlarnaProvider tapped = klarna.withCallListener(calls::add);
        String id = authorised(coffeeOrder());
        tapped.activate(id, snapshot(withoutTheCoffeeMaker()), List.of(), "activate:log");
        List<String> functions = new ArrayList<>();
        calls.forEach(c -> functions.add(c.function() + " " + c.httpStatus()));
        assertEquals(List.of("GET order 200", "POST captures 201", "POST release-remaining-authorization 204"), functions);
        assertTrue(calls.get(0).responseJson().contains("\"status\":\"AUTHORIZED\""));
        for (ProviderCallListener.Call call : calls) {
            String logged = call.requestJson() + call.responseJson();
            assertFalse(logged.contains("Tess") || logged.contains("199001012384") || logged.contains(PASSWORD), logged);
        }
        assertTrue(calls.get(1).requestJson().contains("\"captured_amount\":47263"));
        assertTrue(calls.get(1).outcome().startsWith("done "));
    }
}
