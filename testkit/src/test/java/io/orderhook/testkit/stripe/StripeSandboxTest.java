package io.orderhook.testkit.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox on its own, over plain HTTP (no SDK, no orderhook client): authentication, form
 * parameters, the statuses and the calls each allows, error bodies, idempotency as Stripe documents
 * it, and faults.
 */
class StripeSandboxTest {

    static final String KEY = "sk_test_sandbox000000000001";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static StripeSandbox sandbox;

    record Reply(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {
        String code() {
            return body.path("error").path("code").asText(null);
        }

        String type() {
            return body.path("error").path("type").asText(null);
        }
    }

    @BeforeAll
    static void start() {
        sandbox = StripeSandbox.start().secretKey(KEY);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void noFaults() {
        sandbox.clearFaults();
    }

    static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            boolean json = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return new Reply(response.statusCode(), json ? StripeSandbox.parse(response.body()) : null,
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(sandbox.apiBase() + pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    static Reply post(String path, String idempotencyKey, String form) {
        HttpRequest.Builder b = request(path).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b);
    }

    static Reply get(String pathAndQuery) {
        return send(request(pathAndQuery).header("Authorization", "Bearer " + KEY).GET());
    }

    static String authorised() {
        return new StripeCheckout(sandbox.apiBase(), KEY).authorize("1", 10_000, "EUR");
    }

    static String key() {
        return "key-" + System.nanoTime();
    }

    // ---- authentication and requests --------------------------------------------------------

    @Test
    void theSecretKeyIsTakenAsBearerOrAsTheBasicUserName() {
        String pi = authorised();
        assertEquals(200, get("/v1/payment_intents/" + pi).status());
        String basic = Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
        Reply reply = send(request("/v1/payment_intents/" + pi).header("Authorization", "Basic " + basic).GET());
        assertEquals(200, reply.status());
        assertEquals(pi, reply.body().path("id").asText());
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWith401() {
        Reply reply = send(request("/v1/payment_intents/pi_x").GET());
        assertEquals(401, reply.status());
        assertEquals("invalid_request_error", reply.type());
        assertTrue(reply.body().path("error").path("message").asText().contains("did not provide an API key"));
    }

    @Test
    void anUnknownKeyIsRefusedWith401AndOnlyItsLastFourCharactersShown() {
        Reply reply = send(request("/v1/payment_intents/pi_x").header("Authorization", "Bearer sk_test_notmine5678").GET());
        assertEquals(401, reply.status());
        String message = reply.body().path("error").path("message").asText();
        assertEquals("Invalid API Key provided: sk_test_*******5678", message);
    }

    @Test
    void anUnknownPathIsA404InvalidRequest() {
        Reply reply = get("/v1/payment_intents/pi_x/refund");
        assertEquals(404, reply.status());
        assertTrue(reply.body().path("error").path("message").asText().startsWith("Unrecognized request URL (GET:"));
    }

    @Test
    void aJsonBodyIsRefusedBecauseStripeTakesFormParameters() {
        String pi = authorised();
        Reply reply = send(request("/v1/payment_intents/" + pi + "/capture").header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"amount_to_capture\":5}")));
        assertEquals(400, reply.status());
        assertEquals("requires_capture", sandbox.paymentIntent(pi).orElseThrow().status());
    }

    @Test
    void anUnknownParameterIsRefusedAndTheKeyStaysFree() {
        String pi = authorised();
        String key = key();
        // The WooCommerce gateway sends "amount" to capture; the API reference names amount_to_capture.
        Reply reply = post("/v1/payment_intents/" + pi + "/capture", key, "amount=5000");
        assertEquals(400, reply.status());
        assertEquals("parameter_unknown", reply.code());
        assertEquals("amount", reply.body().path("error").path("param").asText());
        // Refused before execution: nothing stored, the same key may carry the right request.
        assertEquals(200, post("/v1/payment_intents/" + pi + "/capture", key, "amount_to_capture=5000").status());
    }

    @Test
    void theCheckoutAuthorisesAManualCapturePaymentIntent() {
        Reply reply = post("/v1/payment_intents", key(), "amount=2000&currency=EUR&capture_method=manual&confirm=true"
                + "&payment_method=pm_card_visa&metadata[order_id]=42&expand[]=latest_charge");
        assertEquals(200, reply.status());
        JsonNode pi = reply.body();
        assertEquals("requires_capture", pi.path("status").asText());
        assertEquals(2000, pi.path("amount_capturable").asLong());
        assertEquals("eur", pi.path("currency").asText());
        assertEquals("42", pi.path("metadata").path("order_id").asText());
        JsonNode charge = pi.path("latest_charge");
        assertEquals("charge", charge.path("object").asText());
        assertFalse(charge.path("captured").asBoolean());
        assertEquals("unavailable", charge.path("payment_method_details").path("card").path("incremental_authorization")
                .path("status").asText());
        long window = charge.path("payment_method_details").path("card").path("capture_before").asLong()
                - pi.path("created").asLong();
        assertEquals(Duration.ofDays(7).toSeconds(), window);
    }

    @Test
    void aDeclinedCardAtCheckoutIsA402CardErrorAndNothingIsAuthorised() {
        Reply reply = post("/v1/payment_intents", key(), "amount=2000&currency=eur&capture_method=manual&confirm=true"
                + "&payment_method=pm_card_chargeDeclined");
        assertEquals(402, reply.status());
        assertEquals("card_error", reply.type());
        assertEquals("card_declined", reply.code());
        assertEquals("generic_decline", reply.body().path("error").path("decline_code").asText());
        assertEquals("requires_payment_method", reply.body().path("error").path("payment_intent").path("status").asText());
    }

    // ---- statuses and the calls they allow ---------------------------------------------------

    static Stream<Arguments> refusedByStatus() {
        return Stream.of(
                Arguments.of("capture of a captured one", "capture", "succeeded", 400, "payment_intent_unexpected_state"),
                Arguments.of("capture of a cancelled one", "capture", "canceled", 400, "payment_intent_unexpected_state"),
                Arguments.of("cancel of a captured one", "cancel", "succeeded", 400, "payment_intent_unexpected_state"),
                Arguments.of("cancel of a cancelled one", "cancel", "canceled", 400, "payment_intent_unexpected_state"),
                Arguments.of("cancel while processing", "cancel", "processing", 400, "payment_intent_unexpected_state"),
                Arguments.of("increment of a captured one", "increment_authorization", "succeeded", 400,
                        "payment_intent_unexpected_state"),
                Arguments.of("refund of an uncaptured one", "refund", "requires_capture", 400,
                        "payment_intent_unexpected_state"),
                Arguments.of("refund of a cancelled one", "refund", "canceled", 400, "payment_intent_unexpected_state"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByStatus")
    void aCallTheStatusDoesNotAllowIsRefusedWithTheDocumentedCodeAndChangesNothing(String name, String call,
            String status, int httpStatus, String code) {
        String pi = authorised();
        switch (status) {
            case "succeeded" -> sandbox.captureInDashboard(pi, null);
            case "canceled" -> sandbox.cancelInDashboard(pi);
            case "requires_capture" -> { }
            default -> sandbox.setStatus(pi, status);
        }
        StripeSandbox.PaymentIntent before = sandbox.paymentIntent(pi).orElseThrow();
        Reply reply = switch (call) {
            case "refund" -> post("/v1/refunds", key(), "payment_intent=" + pi + "&amount=100");
            case "increment_authorization" -> post("/v1/payment_intents/" + pi + "/increment_authorization", key(),
                    "amount=20000");
            default -> post("/v1/payment_intents/" + pi + "/" + call, key(), "");
        };
        assertEquals(httpStatus, reply.status());
        assertEquals(code, reply.code());
        assertEquals("invalid_request_error", reply.type());
        assertEquals(status, reply.body().path("error").path("payment_intent").path("status").asText());
        assertEquals(before, sandbox.paymentIntent(pi).orElseThrow());
    }

    @Test
    void aPartialCaptureIsFinalAndReleasesTheRestAsStripesOwnRefund() {
        String pi = authorised();
        Reply reply = post("/v1/payment_intents/" + pi + "/capture", key(), "amount_to_capture=6000&expand[0]=latest_charge");
        assertEquals(200, reply.status());
        JsonNode intent = reply.body();
        assertEquals("succeeded", intent.path("status").asText());
        assertEquals(6000, intent.path("amount_received").asLong());
        assertEquals(0, intent.path("amount_capturable").asLong());
        assertEquals(10_000, intent.path("amount").asLong());
        JsonNode charge = intent.path("latest_charge");
        assertEquals(6000, charge.path("amount_captured").asLong());
        assertEquals(4000, charge.path("amount_refunded").asLong());
        assertFalse(charge.path("refunded").asBoolean());
        JsonNode refunds = get("/v1/refunds?payment_intent=" + pi).body();
        assertEquals(1, refunds.path("data").size());
        assertEquals("expired_uncaptured_charge", refunds.path("data").get(0).path("reason").asText());
        assertEquals(4000, refunds.path("data").get(0).path("amount").asLong());
        // The released rest cannot be captured later, and all captured money can still be refunded.
        assertEquals("payment_intent_unexpected_state",
                post("/v1/payment_intents/" + pi + "/capture", key(), "amount_to_capture=1000").code());
        assertEquals(200, post("/v1/refunds", key(), "payment_intent=" + pi + "&amount=6000").status());
        assertEquals("charge_already_refunded", post("/v1/refunds", key(), "payment_intent=" + pi + "&amount=1").code());
    }

    @Test
    void aCaptureAboveWhatIsCapturableIsRefusedAsTooLarge() {
        String pi = authorised();
        Reply reply = post("/v1/payment_intents/" + pi + "/capture", key(), "amount_to_capture=10001");
        assertEquals(400, reply.status());
        assertEquals("amount_too_large", reply.code());
        assertEquals("amount_to_capture", reply.body().path("error").path("param").asText());
    }

    @Test
    void aRefundAboveWhatIsLeftIsRefusedAsTooLarge() {
        String pi = authorised();
        sandbox.captureInDashboard(pi, null);
        assertEquals(200, post("/v1/refunds", key(), "payment_intent=" + pi + "&amount=7000").status());
        Reply reply = post("/v1/refunds", key(), "payment_intent=" + pi + "&amount=3001");
        assertEquals(400, reply.status());
        assertEquals("amount_too_large", reply.code());
        // Without an amount, Stripe refunds what is left.
        Reply rest = post("/v1/refunds", key(), "payment_intent=" + pi);
        assertEquals(3000, rest.body().path("amount").asLong());
    }

    @Test
    void aRefundByChargeIdAsTheWooCommerceGatewaySendsItIsTakenToo() {
        String pi = authorised();
        sandbox.captureInDashboard(pi, null);
        String charge = sandbox.paymentIntent(pi).orElseThrow().chargeId();
        Reply reply = post("/v1/refunds", key(), "charge=" + charge + "&amount=500&metadata[reason]=Too+big");
        assertEquals(200, reply.status());
        assertEquals(pi, reply.body().path("payment_intent").asText());
        assertEquals("Too big", reply.body().path("metadata").path("reason").asText());
    }

    @Test
    void cancellingReleasesTheWholeAuthorisation() {
        String pi = authorised();
        Reply reply = post("/v1/payment_intents/" + pi + "/cancel", key(), "cancellation_reason=abandoned");
        assertEquals("canceled", reply.body().path("status").asText());
        assertEquals("abandoned", reply.body().path("cancellation_reason").asText());
        assertTrue(reply.body().path("canceled_at").isNumber());
        assertEquals(10_000, sandbox.paymentIntent(pi).orElseThrow().amountRefunded());
    }

    @Test
    void aCancellationReasonStripeDoesNotListIsRefused() {
        String pi = authorised();
        Reply reply = post("/v1/payment_intents/" + pi + "/cancel", key(), "cancellation_reason=merchant_said_so");
        assertEquals(400, reply.status());
        assertEquals("requires_capture", sandbox.paymentIntent(pi).orElseThrow().status());
    }

    @Test
    void anExpiredAuthorisationIsCancelledByStripeAndItsCaptureRefusedAsExpired() {
        String pi = authorised();
        sandbox.expireAuthorization(pi);
        Reply capture = post("/v1/payment_intents/" + pi + "/capture", key(), "");
        assertEquals(400, capture.status());
        assertEquals("charge_expired_for_capture", capture.code());
        StripeSandbox.PaymentIntent expired = sandbox.paymentIntent(pi).orElseThrow();
        assertEquals("canceled", expired.status());
        assertEquals("automatic", expired.cancellationReason());
        assertEquals(10_000, expired.amountRefunded());
    }

    @Test
    void anAuthorisationLapsesSevenDaysAfterCheckout() {
        StripeSandbox own = StripeSandbox.start().secretKey(KEY);
        try (own) {
            String pi = new StripeCheckout(own.apiBase(), KEY).authorize("1", 500, "EUR");
            own.advanceTime(Duration.ofDays(7).minusMinutes(1));
            assertEquals("requires_capture", own.paymentIntent(pi).orElseThrow().status());
            own.advanceTime(Duration.ofMinutes(2));
            assertEquals("canceled", own.paymentIntent(pi).orElseThrow().status());
        }
    }

    @Test
    void anIncrementRaisesTheAuthorisationOnlyWhenTheCardOffersIt() {
        String plain = authorised();
        Reply refused = post("/v1/payment_intents/" + plain + "/increment_authorization", key(), "amount=12000");
        assertEquals(400, refused.status());
        String pi = new StripeCheckout(sandbox.apiBase(), KEY).authorize("1", 10_000, "EUR", StripeCheckout.VISA, true);
        assertEquals(400, post("/v1/payment_intents/" + pi + "/increment_authorization", key(), "amount=10000").status());
        Reply raised = post("/v1/payment_intents/" + pi + "/increment_authorization", key(), "amount=12000");
        assertEquals(200, raised.status());
        assertEquals(12_000, raised.body().path("amount").asLong());
        assertEquals(12_000, raised.body().path("amount_capturable").asLong());
        assertEquals(400, post("/v1/payment_intents/" + pi + "/increment_authorization", key(), "").status());
    }

    @Test
    void theAmountOfAnAuthorisedPaymentIntentCannotBeUpdated() {
        String pi = authorised();
        Reply reply = post("/v1/payment_intents/" + pi, key(), "amount=5000");
        assertEquals(400, reply.status());
        assertEquals("payment_intent_unexpected_state", reply.code());
        assertEquals(200, post("/v1/payment_intents/" + pi, key(), "metadata[note]=x").status());
    }

    @Test
    void refundsAreListedNewestFirstAPageAtATime() {
        String pi = authorised();
        sandbox.captureInDashboard(pi, null);
        String first = sandbox.refundInDashboard(pi, 100);
        String second = sandbox.refundInDashboard(pi, 200);
        String third = sandbox.refundInDashboard(pi, 300);
        JsonNode page = get("/v1/refunds?payment_intent=" + pi + "&limit=2").body();
        assertEquals("list", page.path("object").asText());
        assertEquals(List.of(third, second), List.of(page.path("data").get(0).path("id").asText(),
                page.path("data").get(1).path("id").asText()));
        assertTrue(page.path("has_more").asBoolean());
        JsonNode next = get("/v1/refunds?payment_intent=" + pi + "&limit=2&starting_after=" + second).body();
        assertEquals(first, next.path("data").get(0).path("id").asText());
        assertFalse(next.path("has_more").asBoolean());
        assertEquals(400, get("/v1/refunds?payment_intent=" + pi + "&limit=101").status());
    }

    @Test
    void anUnknownPaymentIntentIsA404ResourceMissing() {
        Reply reply = get("/v1/payment_intents/pi_unknown");
        assertEquals(404, reply.status());
        assertEquals("resource_missing", reply.code());
        assertEquals("No such payment_intent: 'pi_unknown'", reply.body().path("error").path("message").asText());
    }

    // ---- idempotency ------------------------------------------------------------------------

    @Test
    void aRepeatWithTheSameKeyAndParametersGetsTheFirstAnswerAndChangesNothing() {
        String pi = authorised();
        String key = key();
        Reply first = post("/v1/payment_intents/" + pi + "/capture", key, "amount_to_capture=4000");
        sandbox.refundInDashboard(pi, 1000); // the object moves on; the replay does not
        Reply again = post("/v1/payment_intents/" + pi + "/capture", key, "amount_to_capture=4000");
        assertEquals(200, again.status());
        assertEquals(first.raw(), again.raw());
        assertEquals(1, sandbox.paymentIntent(pi).orElseThrow().captures());
    }

    @Test
    void aRefusalIsStoredUnderItsKeyToo() {
        String pi = authorised();
        String key = key();
        assertEquals("amount_too_large", post("/v1/payment_intents/" + pi + "/capture", key, "amount_to_capture=99999").code());
        Reply again = post("/v1/payment_intents/" + pi + "/capture", key, "amount_to_capture=99999");
        assertEquals("amount_too_large", again.code());
        assertEquals("requires_capture", sandbox.paymentIntent(pi).orElseThrow().status());
    }

    @Test
    void aKeyReusedWithOtherParametersIsAnIdempotencyError() {
        String pi = authorised();
        String key = key();
        post("/v1/payment_intents/" + pi + "/capture", key, "amount_to_capture=4000");
        Reply reply = post("/v1/payment_intents/" + pi + "/capture", key, "amount_to_capture=5000");
        assertEquals(400, reply.status());
        assertEquals("idempotency_error", reply.type());
        assertTrue(reply.body().path("error").path("message").asText().contains("same parameters"));
        assertEquals(4000, sandbox.paymentIntent(pi).orElseThrow().amountReceived());
    }

    @Test
    void aKeyReusedOnAnotherEndpointIsAnIdempotencyError() {
        String pi = authorised();
        String key = key();
        post("/v1/payment_intents/" + pi + "/cancel", key, "");
        assertEquals("idempotency_error", post("/v1/payment_intents/" + pi + "/capture", key, "").type());
    }

    @Test
    void parametersInAnotherOrderAreTheSameParameters() {
        String pi = authorised();
        String key = key();
        sandbox.captureInDashboard(pi, null);
        Reply first = post("/v1/refunds", key, "payment_intent=" + pi + "&amount=100&metadata[a]=1&metadata[b]=2");
        Reply again = post("/v1/refunds", key, "metadata[b]=2&metadata[a]=1&amount=100&payment_intent=" + pi);
        assertEquals(first.raw(), again.raw());
        assertEquals(1, sandbox.refunds(pi).size());
    }

    @Test
    void aKeyStillRunningIsA409AndAnsweredOnceItFinished() throws Exception {
        String pi = authorised();
        String key = key();
        sandbox.inject("capture", 1, StripeFault.latency(Duration.ofMillis(600)));
        CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(
                () -> post("/v1/payment_intents/" + pi + "/capture", key, ""));
        Thread.sleep(200);
        Reply busy = post("/v1/payment_intents/" + pi + "/capture", key, "");
        assertEquals(409, busy.status());
        assertEquals("idempotency_key_in_use", busy.code());
        Reply first = slow.get();
        assertEquals(200, first.status());
        assertEquals(first.raw(), post("/v1/payment_intents/" + pi + "/capture", key, "").raw());
    }

    @Test
    void keysAreScopedToTheAccount() {
        String other = "sk_test_sandbox000000000002";
        sandbox.secretKey(other);
        String mine = authorised();
        String theirs = new StripeCheckout(sandbox.apiBase(), other).authorize("2", 500, "EUR");
        String key = key();
        assertEquals(200, post("/v1/payment_intents/" + mine + "/cancel", key, "").status());
        Reply reply = send(request("/v1/payment_intents/" + theirs + "/cancel").header("Authorization", "Bearer " + other)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("")));
        assertEquals(200, reply.status());
        assertEquals(theirs, reply.body().path("id").asText());
    }

    @Test
    void keysAreForgottenAfterTwentyFourHours() {
        StripeSandbox own = StripeSandbox.start().secretKey(KEY);
        try (own) {
            String pi = new StripeCheckout(own.apiBase(), KEY).authorize("1", 500, "EUR");
            own.captureInDashboard(pi, null);
            String key = key();
            HttpRequest.Builder refund = HttpRequest.newBuilder(URI.create(own.apiBase() + "/v1/refunds"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("payment_intent=" + pi + "&amount=100"));
            assertEquals(200, send(refund).status());
            assertEquals(200, send(refund).status());
            assertEquals(1, own.refunds(pi).size());
            own.advanceTime(Duration.ofHours(25));
            assertEquals(200, send(refund).status());
            assertEquals(2, own.refunds(pi).size());
        }
    }

    @Test
    void aGetIgnoresTheKey() {
        String pi = authorised();
        String key = key();
        HttpRequest.Builder get = request("/v1/payment_intents/" + pi).header("Authorization", "Bearer " + KEY)
                .header("Idempotency-Key", key).GET();
        assertEquals("requires_capture", send(get).body().path("status").asText());
        sandbox.cancelInDashboard(pi);
        assertEquals("canceled", send(get).body().path("status").asText());
    }

    // ---- faults -----------------------------------------------------------------------------

    @Test
    void aServerErrorIsStoredUnderItsKeyAndReplayed() {
        String pi = authorised();
        String key = key();
        sandbox.inject("capture", 1, StripeFault.serverError(500));
        Reply failed = post("/v1/payment_intents/" + pi + "/capture", key, "");
        assertEquals(500, failed.status());
        assertEquals("api_error", failed.type());
        assertEquals(500, post("/v1/payment_intents/" + pi + "/capture", key, "").status());
        assertEquals("requires_capture", sandbox.paymentIntent(pi).orElseThrow().status());
        assertEquals(200, post("/v1/payment_intents/" + pi + "/capture", key(), "").status());
    }

    @Test
    void aGatewayErrorOrARateLimitStoresNothing() {
        String pi = authorised();
        String key = key();
        sandbox.inject("capture", 1, StripeFault.gatewayError(503));
        Reply gateway = post("/v1/payment_intents/" + pi + "/capture", key, "");
        assertEquals(503, gateway.status());
        assertEquals("text/html", gateway.headers().firstValue("Content-Type").orElse(""));
        sandbox.inject("capture", 1, StripeFault.rateLimited());
        Reply limited = post("/v1/payment_intents/" + pi + "/capture", key, "");
        assertEquals(429, limited.status());
        assertEquals("rate_limit", limited.code());
        assertEquals(200, post("/v1/payment_intents/" + pi + "/capture", key, "").status());
        assertEquals(3, sandbox.calls("capture", pi));
    }

    @Test
    void aLostResponseIsAppliedAndItsAnswerKeptForTheKey() {
        String pi = authorised();
        String key = key();
        sandbox.inject("capture", 1, StripeFault.lostResponse());
        assertThrows(java.io.UncheckedIOException.class, () -> post("/v1/payment_intents/" + pi + "/capture", key, ""));
        assertEquals("succeeded", sandbox.paymentIntent(pi).orElseThrow().status());
        Reply replay = post("/v1/payment_intents/" + pi + "/capture", key, "");
        assertEquals(200, replay.status());
        assertEquals("succeeded", replay.body().path("status").asText());
        assertEquals(1, sandbox.paymentIntent(pi).orElseThrow().captures());
    }

    @Test
    void aTimeoutAppliesNothing() {
        String pi = authorised();
        sandbox.inject("cancel", 1, StripeFault.timeout(Duration.ofMillis(800)));
        HttpRequest.Builder cancel = request("/v1/payment_intents/" + pi + "/cancel").timeout(Duration.ofMillis(200))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.noBody());
        java.io.UncheckedIOException thrown = assertThrows(java.io.UncheckedIOException.class, () -> send(cancel));
        assertTrue(thrown.getCause() instanceof HttpTimeoutException);
        assertEquals("requires_capture", sandbox.paymentIntent(pi).orElseThrow().status());
    }

    @Test
    void callsAreCountedPerOperationAndPaymentIntent() {
        String pi = authorised();
        get("/v1/payment_intents/" + pi);
        get("/v1/payment_intents/" + pi);
        post("/v1/payment_intents/" + pi + "/cancel", key(), "");
        assertEquals(2, sandbox.calls("retrieve", pi));
        assertEquals(1, sandbox.calls("cancel", pi));
        assertTrue(sandbox.calls("retrieve") >= 2);
        assertEquals(List.of("retrieve", "retrieve", "cancel"), sandbox.requests().stream()
                .filter(r -> r.path().contains(pi)).map(StripeSandbox.Request::operation).toList());
    }
}
