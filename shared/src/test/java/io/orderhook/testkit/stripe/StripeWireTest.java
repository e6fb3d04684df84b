package io.orderhook.testkit.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.stripe.Stripe;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.stripe.StripeProvider;

/**
 * Each request orderhook's Stripe client sends, pinned as it arrives at the sandbox: method, path,
 * query, the headers that matter (authentication, idempotency key, API version, content type) and
 * the form body, against the API reference (docs/PROVIDERS.md, Stripe).
 */
class StripeWireTest {

    static final String KEY = "sk_test_wire0000000000000000042";
    static final String FORM = "application/x-www-form-urlencoded;charset=UTF-8";

    static StripeSandbox sandbox;
    static StripeProvider stripe;

    @BeforeAll
    static void start() {
        // Under a path, as local mode mounts it.
        sandbox = StripeSandbox.start(new java.net.InetSocketAddress("127.0.0.1", 0), "/sandbox/stripe").secretKey(KEY);
        stripe = new StripeProvider(sandbox.apiBase(), KEY);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static String authorised(boolean incremental) {
        return new StripeCheckout(sandbox.apiBase(), KEY).authorize("7", 10_000, "EUR", StripeCheckout.VISA, incremental);
    }

    static OrderSnapshot order(long total) {
        return new OrderSnapshot("7", "completed", "stripe", "", "EUR", Instant.parse("2024-06-20T10:00:00Z"), true,
                List.of(), List.of(), total, 0, List.of(), Map.of(), "A-7", null);
    }

    /** The requests {@code call} sent, in order. */
    static List<StripeSandbox.Request> sentBy(Runnable call) {
        int before = sandbox.requests().size();
        call.run();
        List<StripeSandbox.Request> all = sandbox.requests();
        return all.subList(before, all.size());
    }

    static void assertPost(StripeSandbox.Request request, String path, String idempotencyKey) {
        assertEquals("POST", request.method());
        assertEquals(path, request.path());
        assertNull(request.query());
        assertEquals(Optional.of("Bearer " + KEY), request.header("Authorization"));
        assertEquals(Optional.of(idempotencyKey), request.header("Idempotency-Key"));
        assertEquals(Optional.of(Stripe.API_VERSION), request.header("Stripe-Version"));
        assertEquals(Optional.of(FORM), request.header("Content-Type"));
        assertEquals(Optional.empty(), request.header("Stripe-Account"));
    }

    static void assertGet(StripeSandbox.Request request, String path) {
        assertEquals("GET", request.method());
        assertEquals(path, request.path());
        assertEquals("", request.body());
        assertEquals(Optional.of("Bearer " + KEY), request.header("Authorization"));
        assertEquals(Optional.of(Stripe.API_VERSION), request.header("Stripe-Version"));
        assertEquals(Optional.empty(), request.header("Idempotency-Key"));
    }

    @Test
    void statusIsOneGetOfThePaymentIntentWithItsLatestChargeExpanded() {
        String pi = authorised(false);
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.status(pi));
        assertEquals(1, sent.size());
        assertGet(sent.get(0), "/v1/payment_intents/" + pi);
        assertEquals("expand[0]=latest_charge", sent.get(0).query());
    }

    @Test
    void statusOfACapturedPaymentWithRefundsAlsoListsItsRefundsAHundredAPage() {
        String pi = authorised(false);
        stripe.activate(pi, "k/activate/" + pi);
        sandbox.refundInDashboard(pi, 100);
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.status(pi));
        assertEquals(List.of("retrieve", "list_refunds"), sent.stream().map(StripeSandbox.Request::operation).toList());
        assertGet(sent.get(1), "/v1/refunds");
        assertEquals(Map.of("payment_intent", pi, "limit", "100"), sent.get(1).params());
    }

    @Test
    void activateIsOneCaptureWithTheAmountToCaptureAndTheStepsKey() {
        String pi = authorised(false);
        String key = "shop-1/7/activate/1718877600";
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.activate(pi, 7_500, key));
        assertEquals(1, sent.size());
        assertPost(sent.get(0), "/v1/payment_intents/" + pi + "/capture", key);
        assertEquals("amount_to_capture=7500", sent.get(0).body());
    }

    @Test
    void activateWithoutAnAmountCapturesWithAnEmptyBody() {
        String pi = authorised(false);
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.activate(pi, "shop-1/7/activate/1"));
        assertPost(sent.get(0), "/v1/payment_intents/" + pi + "/capture", "shop-1/7/activate/1");
        assertEquals("", sent.get(0).body());
    }

    @Test
    void cancelIsOneCancelWithTheReasonAndTheStepsKey() {
        String pi = authorised(false);
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.cancel(pi, "shop-1/7/cancel/3"));
        assertEquals(1, sent.size());
        assertPost(sent.get(0), "/v1/payment_intents/" + pi + "/cancel", "shop-1/7/cancel/3");
        assertEquals("cancellation_reason=requested_by_customer", sent.get(0).body());
    }

    @Test
    void anUpdateAboveTheAuthorisationIsAnIncrementToTheNewTotal() {
        String pi = authorised(true);
        List<StripeSandbox.Request> sent = sentBy(() -> assertInstanceOf(ProviderResult.Done.class,
                stripe.update(pi, order(12_000), List.of(), "shop-1/7/update/abc")));
        assertEquals(List.of("retrieve", "increment_authorization"),
                sent.stream().map(StripeSandbox.Request::operation).toList());
        assertPost(sent.get(1), "/v1/payment_intents/" + pi + "/increment_authorization", "shop-1/7/update/abc");
        assertEquals("amount=12000", sent.get(1).body());
    }

    @Test
    void creditIsOneRefundOfTheAmountWithReasonAndMetadata() {
        String pi = authorised(false);
        stripe.activate(pi, "k/activate/" + pi);
        String key = "shop-1/7/credit/901";
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.credit(pi, order(10_000),
                new Refund("901", 2_500, List.of(), "Returned, åäö & more"), TaxSplit.EMPTY, false, key));
        assertEquals(1, sent.size());
        assertPost(sent.get(0), "/v1/refunds", key);
        assertEquals(Map.of("payment_intent", pi, "amount", "2500", "reason", "requested_by_customer",
                "metadata[orderhook_key]", key, "metadata[order_id]", "7", "metadata[order_number]", "A-7",
                "metadata[refund_id]", "901", "metadata[reason]", "Returned, åäö & more"), sent.get(0).params());
        assertTrue(sent.get(0).body().contains("metadata[reason]=Returned%2C+%C3%A5%C3%A4%C3%B6+%26+more"),
                sent.get(0).body());
    }

    @Test
    void aCreditOfTheWholePaymentStillNamesItsAmount() {
        String pi = authorised(false);
        stripe.activate(pi, "k/activate/" + pi);
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.credit(pi, order(10_000),
                new Refund("902", 10_000, List.of(), ""), TaxSplit.EMPTY, true, "shop-1/7/credit/902"));
        assertEquals("10000", sent.get(0).params().get("amount"));
        assertEquals(null, sent.get(0).params().get("metadata[reason]"));
    }

    @Test
    void aRetryOfAStepSendsTheSameKeyAndTheSameBody() {
        String pi = authorised(false);
        sandbox.inject("capture", 1, StripeFault.lostResponse());
        List<StripeSandbox.Request> sent = sentBy(() -> stripe.activate(pi, 9_000, "shop-1/7/activate/9"));
        assertEquals(2, sent.size());
        assertEquals(sent.get(0).body(), sent.get(1).body());
        assertEquals(sent.get(0).header("Idempotency-Key"), sent.get(1).header("Idempotency-Key"));
    }
}
