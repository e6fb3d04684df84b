package io.orderhook.testkit.klarna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.testkit.klarna.RawKlarna.Reply;

/** The Klarna sandbox over plain HTTP: its statuses, error bodies, line rules, idempotency and faults. */
class KlarnaSandboxTest {

    private static final String USER = "PK40000_sandbox";
    private static final String PASSWORD = "s3cr3t:with:colons";

    private static KlarnaSandbox sandbox;
    private static RawKlarna klarna;
    private static KlarnaCheckout checkout;

    @BeforeAll
    static void startSandbox() {
        // Plain HTTP only: the sandbox's own tests use none of orderhook's client.
        sandbox = KlarnaSandbox.start().merchant(USER, PASSWORD).merchant("PK99999_other", "other");
        klarna = new RawKlarna(sandbox.baseUrl(), USER, PASSWORD);
        checkout = new KlarnaCheckout(sandbox.baseUrl(), USER, PASSWORD);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.clearFaults();
        sandbox.refuseIncreases(false);
    }

    static String authorised(String method, String fraud) {
        return checkout.placeOrder(sandbox.authorizationToken(method, fraud), "SEK", "10042", RawKlarna.lines());
    }

    static String authorised() {
        return authorised("INVOICE", "ACCEPTED");
    }

    static String captured(long amount) {
        String id = authorised();
        assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(amount)).status());
        return id;
    }

    // ---- checkout and reading -----------------------------------------------------------------

    @Test
    void aCheckoutPlacesAnAuthorisedOrderWithItsLinesForTheAuthorisationPeriod() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = authorised();
        var order = klarna.order(id);
        assertEquals("AUTHORIZED", order.path("status").asText());
        assertEquals("ACCEPTED", order.path("fraud_status").asText());
        assertEquals(25000, order.path("order_amount").asLong());
        assertEquals(25000, order.path("original_order_amount").asLong());
        assertEquals(25000, order.path("remaining_authorized_amount").asLong());
        assertEquals(0, order.path("captured_amount").asLong());
        assertEquals("10042", order.path("merchant_reference1").asText());
        assertEquals(2, order.path("order_lines").size());
        assertEquals("INVOICE", order.path("initial_payment_method").path("type").asText());
        Instant expires = Instant.parse(order.path("expires_at").asText());
        assertFalse(expires.isBefore(before.plus(Duration.ofDays(28))));
    }

    @Test
    void aCheckoutWhoseLinesBreakKlarnasRulesIsRefused() {
        ArrayNode lines = RawKlarna.lines();
        ((ObjectNode) lines.get(0)).put("total_tax_amount", 3602);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> checkout.placeOrder("t-" + UUID.randomUUID(), "SEK", "1", lines));
        assertTrue(e.getMessage().contains("order_lines[0].total_tax_amount"), e.getMessage());
    }

    @Test
    void withoutTheMerchantsCredentialsKlarnaAnswers401WithoutABody() {
        String id = authorised();
        for (RawKlarna caller : List.of(klarna.as(USER, "wrong"), klarna.as("PK00000_nobody", PASSWORD))) {
            Reply reply = caller.get(id, "");
            assertEquals(401, reply.status());
            assertEquals("", reply.body());
        }
        assertEquals(0, sandbox.calls("get_order", id), "unauthenticated calls are not the merchant's calls");
    }

    @Test
    void anotherMerchantsOrderIsUnknown() {
        String id = authorised();
        Reply reply = klarna.as("PK99999_other", "other").get(id, "");
        assertEquals(404, reply.status());
        assertEquals("NO_SUCH_ORDER", reply.code());
        assertFalse(reply.json().path("correlation_id").asText().isEmpty());
    }

    // ---- captures, refunds, release -------------------------------------------------------------

    @Test
    void aCaptureAnswers201WithItsIdAndLocationAndMakesTheOrderPartCaptured() {
        String id = authorised();
        Reply reply = klarna.post(id, "captures", RawKlarna.capture(18000));
        assertEquals(201, reply.status());
        assertEquals("", reply.body());
        String captureId = reply.headers().firstValue("Capture-Id").orElseThrow();
        assertTrue(reply.headers().firstValue("Location").orElseThrow()
                .endsWith("/ordermanagement/v1/orders/" + id + "/captures/" + captureId));
        var order = klarna.order(id);
        assertEquals("PART_CAPTURED", order.path("status").asText());
        assertEquals(18000, order.path("captured_amount").asLong());
        assertEquals(7000, order.path("remaining_authorized_amount").asLong());
        assertEquals(captureId, order.path("captures").path(0).path("capture_id").asText());
        assertEquals(18000, klarna.get(id, "/captures/" + captureId).json().path("captured_amount").asLong());
    }

    @Test
    void releasingTheRestOfAPartCaptureMakesItCapturedWithNothingRemaining() {
        String id = captured(18000);
        assertEquals(204, klarna.post(id, "release-remaining-authorization", null).status());
        var order = klarna.order(id);
        assertEquals("CAPTURED", order.path("status").asText());
        assertEquals(0, order.path("remaining_authorized_amount").asLong());
        assertEquals(403, klarna.post(id, "captures", RawKlarna.capture(1)).status(), "nothing left to capture");
    }

    @Test
    void refundsAddUpToTheCapturedAmountAndNoFurther() {
        String id = captured(25000);
        Reply first = klarna.post(id, "refunds", RawKlarna.refund(10000));
        assertEquals(201, first.status());
        String refundId = first.headers().firstValue("Refund-Id").orElseThrow();
        assertEquals(201, klarna.post(id, "refunds", RawKlarna.refund(15000)).status());
        Reply over = klarna.post(id, "refunds", RawKlarna.refund(1));
        assertEquals(403, over.status());
        assertEquals("REFUND_NOT_ALLOWED", over.code());
        var order = klarna.order(id);
        assertEquals(25000, order.path("refunded_amount").asLong());
        assertEquals("CAPTURED", order.path("status").asText());
        assertEquals(10000, klarna.get(id, "/refunds/" + refundId).json().path("refunded_amount").asLong());
        assertEquals("NOT_FOUND", klarna.get(id, "/refunds/" + UUID.randomUUID()).code());
    }

    // ---- the status rules, each with its documented code --------------------------------------

    record Rule(String name, Function<String, String> prepare, Function<String, Reply> call, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rules() {
        Function<String, String> cancelled = id -> {
            klarna.post(id, "cancel", null);
            return id;
        };
        Function<String, String> expired = id -> {
            sandbox.expire(id);
            return id;
        };
        Function<String, String> partCaptured = id -> {
            klarna.post(id, "captures", RawKlarna.capture(18000));
            return id;
        };
        Function<String, String> fullyCaptured = id -> {
            klarna.post(id, "captures", RawKlarna.capture(25000));
            return id;
        };
        Function<String, String> closed = id -> {
            sandbox.close(id);
            return id;
        };
        Function<String, String> pending = id -> {
            sandbox.setFraudStatus(id, "PENDING");
            return id;
        };
        Function<String, String> asIs = id -> id;
        return Stream.of(
                new Rule("capture above the remaining authorisation", partCaptured,
                        id -> klarna.post(id, "captures", RawKlarna.capture(7001)), 403, "CAPTURE_NOT_ALLOWED"),
                new Rule("capture of a cancelled order", cancelled,
                        id -> klarna.post(id, "captures", RawKlarna.capture(100)), 403, "CAPTURE_NOT_ALLOWED"),
                new Rule("capture of an expired order", expired,
                        id -> klarna.post(id, "captures", RawKlarna.capture(100)), 403, "CAPTURE_NOT_ALLOWED"),
                new Rule("capture of a closed order", closed,
                        id -> klarna.post(id, "captures", RawKlarna.capture(100)), 403, "CAPTURE_NOT_ALLOWED"),
                new Rule("capture during the fraud review", pending,
                        id -> klarna.post(id, "captures", RawKlarna.capture(100)), 403, "CAPTURE_NOT_ALLOWED"),
                new Rule("cancel of an order with captures", partCaptured,
                        id -> klarna.post(id, "cancel", null), 403, "CANCEL_NOT_ALLOWED"),
                new Rule("cancel of a cancelled order", cancelled,
                        id -> klarna.post(id, "cancel", null), 403, "CANCEL_NOT_ALLOWED"),
                new Rule("cancel of an expired order", expired,
                        id -> klarna.post(id, "cancel", null), 403, "CANCEL_NOT_ALLOWED"),
                new Rule("refund without captures", asIs,
                        id -> klarna.post(id, "refunds", RawKlarna.refund(100)), 403, "REFUND_NOT_ALLOWED"),
                new Rule("refund above what was captured", partCaptured,
                        id -> klarna.post(id, "refunds", RawKlarna.refund(18001)), 403, "REFUND_NOT_ALLOWED"),
                new Rule("refund of an expired order", id -> expired.apply(partCaptured.apply(id)),
                        id -> klarna.post(id, "refunds", RawKlarna.refund(100)), 403, "REFUND_NOT_ALLOWED"),
                new Rule("update of a fully captured order", fullyCaptured,
                        id -> klarna.patch(id, "authorization", amountOnly(20000), key()), 403, "NOT_ALLOWED"),
                new Rule("update of a cancelled order", cancelled,
                        id -> klarna.patch(id, "authorization", amountOnly(20000), key()), 403, "NOT_ALLOWED"),
                new Rule("update below the captured amount", partCaptured,
                        id -> klarna.patch(id, "authorization", amountOnly(17999), key()), 403, "NOT_ALLOWED"),
                new Rule("extend an expired order", expired,
                        id -> klarna.post(id, "extend-authorization-time", null), 403, "NOT_ALLOWED"),
                new Rule("extend a cancelled order", cancelled,
                        id -> klarna.post(id, "extend-authorization-time", null), 403, "NOT_ALLOWED"),
                new Rule("release without captures", asIs,
                        id -> klarna.post(id, "release-remaining-authorization", null), 403, "NOT_ALLOWED"),
                new Rule("release of a fully captured order", fullyCaptured,
                        id -> klarna.post(id, "release-remaining-authorization", null), 403, "NOT_ALLOWED"),
                new Rule("any call on an unknown order", asIs,
                        id -> klarna.post(UUID.randomUUID().toString(), "cancel", null), 404, "NO_SUCH_ORDER"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachStatusAllowsOnlyItsCallsAndRefusesTheRestWithKlarnasCode(Rule rule) {
        String id = rule.prepare().apply(authorised());
        String statusBefore = klarna.order(id).path("status").asText();
        long capturedBefore = klarna.order(id).path("captured_amount").asLong();
        Reply reply = rule.call().apply(id);
        assertEquals(rule.status(), reply.status(), reply.body());
        assertEquals(rule.code(), reply.code());
        assertFalse(reply.message().isBlank());
        assertFalse(reply.json().path("correlation_id").asText().isBlank());
        assertEquals(statusBefore, klarna.order(id).path("status").asText(), "a refusal changes nothing");
        assertEquals(capturedBefore, klarna.order(id).path("captured_amount").asLong());
    }

    static ObjectNode amountOnly(long amount) {
        return RawKlarna.JSON.objectNode().put("order_amount", amount);
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aDecreaseOfTheAuthorisationReplacesItsLinesAndLeftOutLinesAreRemoved() {
        String id = authorised();
        ObjectNode body = amountOnly(18000);
        body.putArray("order_lines").add(KlarnaCheckout.line("physical", "Kopp", 2, 10000, 2500, 2000));
        assertEquals(204, klarna.patch(id, "authorization", body, key()).status());
        var order = klarna.order(id);
        assertEquals(18000, order.path("order_amount").asLong());
        assertEquals(18000, order.path("remaining_authorized_amount").asLong());
        assertEquals(1, order.path("order_lines").size());
        assertEquals(204, klarna.patch(id, "authorization", amountOnly(17000), key()).status());
        assertEquals(0, klarna.order(id).path("order_lines").size());
    }

    @Test
    void anIncreaseIsAllowedOnlyForPaymentMethodsThatTakeOneAndWhenKlarnaAcceptsIt() {
        String invoice = authorised("INVOICE", "ACCEPTED");
        assertEquals(204, klarna.patch(invoice, "authorization", amountOnly(30000), key()).status());
        assertEquals(30000, klarna.order(invoice).path("order_amount").asLong());

        String card = authorised("CARD", "ACCEPTED");
        Reply refused = klarna.patch(card, "authorization", amountOnly(30000), key());
        assertEquals(403, refused.status());
        assertEquals("NOT_ALLOWED", refused.code());

        sandbox.refuseIncreases(true);
        assertEquals(403, klarna.patch(authorised("INVOICE", "ACCEPTED"), "authorization", amountOnly(30000), key()).status());
    }

    @Test
    void extendingMovesTheExpiryToTodayPlusThePeriodAndNeverPast180Days() {
        String id = authorised();
        sandbox.advance(Duration.ofDays(20));
        try {
            assertEquals(204, klarna.post(id, "extend-authorization-time", null).status());
            Instant first = Instant.parse(klarna.order(id).path("expires_at").asText());
            assertEquals(Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(28)), first);
            assertEquals(204, klarna.post(id, "extend-authorization-time", null).status());
            assertEquals(first, Instant.parse(klarna.order(id).path("expires_at").asText()), "twice on one day: one date");
            for (int i = 0; i < 6; i++) {
                sandbox.advance(Duration.ofDays(25));
                assertEquals(204, klarna.post(id, "extend-authorization-time", null).status());
            }
            Instant created = Instant.parse(klarna.order(id).path("created_at").asText());
            assertEquals(created.plus(Duration.ofDays(180)).truncatedTo(ChronoUnit.MILLIS),
                    Instant.parse(klarna.order(id).path("expires_at").asText()));
        } finally {
            sandbox.advance(Duration.ofDays(-170));
        }
    }

    @Test
    void anAuthorisationPastItsExpiryIsExpired() {
        String id = authorised();
        sandbox.expire(id);
        var order = klarna.order(id);
        assertEquals("EXPIRED", order.path("status").asText());
        assertEquals(0, order.path("remaining_authorized_amount").asLong());
    }

    // ---- order lines ---------------------------------------------------------------------------

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("a total that is not quantity times unit price less discount",
                        (Consumer<ObjectNode>) l -> l.put("total_discount_amount", 1999), "order_lines[0].total_amount"),
                Arguments.of("a tax two minor units off Klarna's formula",
                        (Consumer<ObjectNode>) l -> l.put("total_tax_amount", 3602), "order_lines[0].total_tax_amount"),
                Arguments.of("no type", (Consumer<ObjectNode>) l -> l.remove("type"), "order_lines[0].type"),
                Arguments.of("no name", (Consumer<ObjectNode>) l -> l.remove("name"), "order_lines[0].name"),
                Arguments.of("a name of 256 characters", (Consumer<ObjectNode>) l -> l.put("name", "x".repeat(256)),
                        "order_lines[0].name"),
                Arguments.of("an amount as a decimal number", (Consumer<ObjectNode>) l -> l.put("unit_price", 10000.0),
                        "order_lines[0].unit_price"),
                Arguments.of("an amount as a string", (Consumer<ObjectNode>) l -> l.put("total_amount", "18000"),
                        "order_lines[0].total_amount"),
                Arguments.of("a negative discount", (Consumer<ObjectNode>) l -> l.put("total_discount_amount", -1),
                        "order_lines[0].total_discount_amount"),
                Arguments.of("a return fee outside a refund", (Consumer<ObjectNode>) l -> l.put("type", "return_fee"),
                        "order_lines[0].type"),
                Arguments.of("lines that do not add up to the amount",
                        (Consumer<ObjectNode>) l -> l.put("unit_price", 9000).put("total_amount", 16000)
                                .put("total_tax_amount", 3200), "captured_amount"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void aCaptureWithLinesThatBreakKlarnasRulesIsBadValueNamingTheField(String what, Consumer<ObjectNode> breakIt,
            String field) {
        String id = authorised();
        ObjectNode body = RawKlarna.capture(18000);
        ObjectNode line = KlarnaCheckout.line("physical", "Kopp", 2, 10000, 2500, 2000);
        breakIt.accept(line);
        body.putArray("order_lines").add(line);
        Reply reply = klarna.post(id, "captures", body);
        assertEquals(400, reply.status(), reply.body());
        assertEquals("BAD_VALUE", reply.code());
        assertTrue(reply.message().contains(field), reply.message());
        assertEquals(0, klarna.order(id).path("captured_amount").asLong());
    }

    @Test
    void linesWithinKlarnasRulesAreCapturedAndKeptWithTheCapture() {
        String id = authorised();
        ObjectNode body = RawKlarna.capture(18000).put("reference", "10042");
        body.putArray("order_lines").add(KlarnaCheckout.line("physical", "Kopp", 2, 10000, 2500, 2000));
        assertEquals(201, klarna.post(id, "captures", body).status());
        KlarnaSandbox.Movement capture = sandbox.order(id).orElseThrow().captures().get(0);
        assertEquals(3600, capture.lines().path(0).path("total_tax_amount").asLong());
        assertEquals("10042", capture.reference());
    }

    // ---- idempotency ---------------------------------------------------------------------------

    @Test
    void aReusedKeyReplaysTheFirstAnswerWhateverTheBodyAndCapturesOnce() {
        String id = authorised();
        String key = key();
        Reply first = klarna.post(id, "captures", RawKlarna.capture(18000), key);
        Reply again = klarna.post(id, "captures", RawKlarna.capture(1000), key);
        assertEquals(201, first.status());
        assertEquals(201, again.status());
        assertEquals(first.body(), again.body());
        assertTrue(again.headers().firstValue("Capture-Id").isEmpty(), "the replay is status and body only");
        var order = klarna.order(id);
        assertEquals(18000, order.path("captured_amount").asLong());
        assertEquals(1, order.path("captures").size());
        assertEquals(2, sandbox.calls("capture", id));
    }

    @Test
    void aRefusalIsReplayedForItsKeyEvenWhenTheOrderWouldNowAllowTheCall() {
        String id = authorised();
        String key = key();
        Reply refused = klarna.post(id, "refunds", RawKlarna.refund(100), key);
        assertEquals(403, refused.status());
        klarna.post(id, "captures", RawKlarna.capture(25000));
        Reply again = klarna.post(id, "refunds", RawKlarna.refund(100), key);
        assertEquals(403, again.status());
        assertEquals(refused.body(), again.body());
        assertEquals(0, klarna.order(id).path("refunded_amount").asLong());
        assertEquals(201, klarna.post(id, "refunds", RawKlarna.refund(100), key()).status(), "a new key executes");
    }

    @Test
    void aKeyIsTheMerchantsNotOneOperationsSoReusingItForAnotherCallReplays() {
        String id = authorised();
        String key = key();
        assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(18000), key).status());
        assertEquals(201, klarna.post(id, "release-remaining-authorization", null, key).status());
        assertEquals("PART_CAPTURED", klarna.order(id).path("status").asText(), "the release was never executed");
    }

    @Test
    void aKeyIsForgottenAfter24Hours() {
        String id = authorised();
        String key = key();
        assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(1000), key).status());
        sandbox.advance(Duration.ofHours(23));
        try {
            assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(1000), key).status());
            assertEquals(1000, klarna.order(id).path("captured_amount").asLong());
            sandbox.advance(Duration.ofHours(1));
            assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(1000), key).status());
            assertEquals(2000, klarna.order(id).path("captured_amount").asLong());
        } finally {
            sandbox.advance(Duration.ofHours(-24));
        }
    }

    @Test
    void withoutAKeyEveryCallIsExecuted() {
        String id = authorised();
        klarna.post(id, "captures", RawKlarna.capture(1000), null);
        klarna.post(id, "captures", RawKlarna.capture(1000), null);
        assertEquals(2000, klarna.order(id).path("captured_amount").asLong());
    }

    @Test
    void aKeyThatIsNotAUuidIsRefused() {
        String id = authorised();
        Reply reply = klarna.post(id, "captures", RawKlarna.capture(1000), "activate:4711");
        assertEquals(400, reply.status());
        assertEquals("BAD_VALUE", reply.code());
        assertEquals(0, klarna.order(id).path("captured_amount").asLong());
    }

    @Test
    void aCallOnAnOrderWhoseEarlierCallStillRunsIsAConflict() throws Exception {
        String id = authorised();
        sandbox.inject("capture", 1, KlarnaFault.latency(Duration.ofMillis(700)));
        CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> klarna.post(id, "captures",
                RawKlarna.capture(1000)));
        Thread.sleep(200);
        Reply second = klarna.post(id, "captures", RawKlarna.capture(1000));
        assertEquals(409, second.status());
        assertEquals("CONFLICT", second.code());
        assertEquals(201, slow.get().status());
        assertEquals(1000, klarna.order(id).path("captured_amount").asLong());
    }

    // ---- faults --------------------------------------------------------------------------------

    @Test
    void a5xxFaultAnswersKlarnasErrorBodyAndAppliesNothing() {
        String id = authorised();
        String key = key();
        sandbox.inject("capture", 1, KlarnaFault.http(503));
        Reply reply = klarna.post(id, "captures", RawKlarna.capture(1000), key);
        assertEquals(503, reply.status());
        assertEquals("TEMPORARILY_UNAVAILABLE", reply.code());
        assertEquals(0, klarna.order(id).path("captured_amount").asLong());
        assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(1000), key).status(), "nothing was remembered");
        assertEquals(1000, klarna.order(id).path("captured_amount").asLong());
    }

    @Test
    void aGatewayPageHasNoKlarnaBody() {
        String id = authorised();
        sandbox.inject("get_order", 1, KlarnaFault.gatewayPage(502));
        Reply reply = klarna.get(id, "");
        assertEquals(502, reply.status());
        assertTrue(reply.body().startsWith("<html>"));
    }

    @Test
    void aLostResponseIsAppliedAndItsKeyReplaysTheAnswerThatNeverArrived() {
        String id = authorised();
        String key = key();
        sandbox.inject("capture", 1, KlarnaFault.lostResponse());
        assertThrows(UncheckedIOException.class, () -> klarna.post(id, "captures", RawKlarna.capture(1000), key));
        assertEquals(1000, klarna.order(id).path("captured_amount").asLong());
        assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(1000), key).status());
        assertEquals(1000, klarna.order(id).path("captured_amount").asLong());
    }

    @Test
    void anAppliedCallAnsweredWithA500IsRememberedForItsKey() {
        String id = authorised();
        String key = key();
        sandbox.inject("capture", 1, KlarnaFault.appliedThen(500));
        Reply reply = klarna.post(id, "captures", RawKlarna.capture(1000), key);
        assertEquals(500, reply.status());
        assertEquals("INTERNAL_SERVER_ERROR", reply.code());
        assertEquals(201, klarna.post(id, "captures", RawKlarna.capture(1000), key).status());
        assertEquals(1000, klarna.order(id).path("captured_amount").asLong());
    }

    @Test
    void aTimeoutAppliesNothingAndDropsTheConnection() {
        String id = authorised();
        sandbox.inject("capture", 1, KlarnaFault.timeout(Duration.ofMillis(200)));
        assertThrows(UncheckedIOException.class, () -> klarna.post(id, "captures", RawKlarna.capture(1000)));
        assertEquals(0, klarna.order(id).path("captured_amount").asLong());
        assertEquals(0, sandbox.pendingFaults());
    }

    @Test
    void callsAreCountedPerOperationAndOrderAndRecordedAsReceived() {
        String id = authorised();
        klarna.get(id, "");
        klarna.get(id, "");
        klarna.post(id, "cancel", null, "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d");
        assertEquals(2, sandbox.calls("get_order", id));
        assertEquals(1, sandbox.calls("cancel", id));
        KlarnaSandbox.Request cancel = sandbox.lastRequest("cancel", id);
        assertEquals("POST", cancel.method());
        assertEquals("/ordermanagement/v1/orders/" + id + "/cancel", cancel.path());
        assertEquals("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", cancel.header("klarna-idempotency-key").orElseThrow());
        assertEquals("", cancel.body());
    }

    @Test
    void theSandboxServesUnderAPathOfAnotherServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        KlarnaSandbox mounted = new KlarnaSandbox().merchant(USER, PASSWORD);
        server.createContext("/sandbox/klarna", mounted.handler());
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sandbox/klarna/");
            String id = new KlarnaCheckout(base, USER, PASSWORD).placeOrder("t", "SEK", "1", RawKlarna.lines());
            RawKlarna raw = new RawKlarna(base, USER, PASSWORD);
            Reply capture = raw.post(id, "captures", RawKlarna.capture(1000));
            assertEquals(201, capture.status());
            assertTrue(capture.headers().firstValue("Location").orElseThrow()
                    .startsWith(base + "ordermanagement/v1/orders/" + id + "/captures/"));
            assertEquals(1000, mounted.order(id).orElseThrow().capturedAmount());
        } finally {
            server.stop(0);
        }
    }
}
