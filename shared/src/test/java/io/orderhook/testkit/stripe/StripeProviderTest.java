package io.orderhook.testkit.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.PendingResolution;
import io.orderhook.lifecycle.Step;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.AuthorisationLapse;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.ProviderResult.Refused.Reason;
import io.orderhook.provider.stripe.StripePlugin;
import io.orderhook.provider.stripe.StripeProvider;
import io.orderhook.shop.ShopConfig;

/** orderhook's Stripe client (the official SDK) against the sandbox over real HTTP: every SPI call, rule and fault. */
class StripeProviderTest {

    static final String KEY = "sk_test_orderhook4242";
    static final String READ_ONLY_KEY = "rk_test_readonly4242";

    static StripeSandbox sandbox;
    static StripeProvider stripe;

    @BeforeAll
    static void startSandbox() {
        sandbox = StripeSandbox.start().secretKey(KEY).readOnlyKey(READ_ONLY_KEY, KEY);
        stripe = (StripeProvider) new StripePlugin().create(
                new ShopConfig.ProviderAccount("stripe", "acct_shop", "ref", sandbox.apiBase(), true), KEY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void noFaults() {
        sandbox.clearFaults();
    }

    /** Authorised at checkout, then captured by orderhook's activate. */
    static String captured() {
        String pi = authorised();
        stripe.activate(pi, key("activate"));
        return pi;
    }

    /** The customer authorised 1,000.00 SEK at checkout. */
    static String authorised() {
        return new StripeCheckout(sandbox.apiBase(), KEY).authorize("10042", 100_000, "SEK");
    }

    static String key(String step) {
        return "shop-1/10042/" + step + "/" + System.nanoTime();
    }

    static OrderSnapshot order(long total) {
        return order(total, "SEK");
    }

    static OrderSnapshot order(long total, String currency) {
        return new OrderSnapshot("10042", "completed", "stripe", "", currency, Instant.parse("2024-06-20T10:00:00Z"), true,
                List.of(), List.of(), total, total / 5, List.of(), Map.of("_stripe_intent_id", "pi"));
    }

    static StripeSandbox.PaymentIntent intent(String id) {
        return sandbox.paymentIntent(id).orElseThrow();
    }

    static PaymentInfo info(ProviderResult result) {
        return assertInstanceOf(ProviderResult.Done.class, result).info();
    }

    // ---- status -----------------------------------------------------------------------------

    @Test
    void anAuthorisedPaymentIntentIsReservedWithTheAuthorisedAmount() {
        String pi = authorised();
        assertEquals(new PaymentInfo(pi, PaymentState.RESERVED, "requires_capture", 100_000, 0,
                AuthorisationLapse.reported(intent(pi).captureBefore(), "Stripe's capture_before")), info(stripe.status(pi)));
    }

    @Test
    void anUnknownPaymentIntentIsRefusedAsAnUnknownPayment() {
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.status("pi_nothing"));
        assertEquals("resource_missing", refused.code());
        assertEquals(Reason.UNKNOWN_PAYMENT, refused.reason());
        assertTrue(refused.advice().contains("_stripe_intent_id"), refused.advice());
    }

    @Test
    void aPaymentIntentOfAnotherAccountIsUnknownToThisShop() {
        String other = "sk_test_someoneelse0001";
        sandbox.secretKey(other);
        String theirs = new StripeCheckout(sandbox.apiBase(), other).authorize("1", 500, "EUR");
        assertEquals(Reason.UNKNOWN_PAYMENT,
                assertInstanceOf(ProviderResult.Refused.class, stripe.status(theirs)).reason());
    }

    @Test
    void aPaymentTheCustomerHasNotCompletedIsPending() {
        String pi = authorised();
        sandbox.setStatus(pi, "requires_action");
        assertEquals(PaymentState.PENDING, info(stripe.status(pi)).state());
    }

    // ---- activate ---------------------------------------------------------------------------

    @Test
    void activatingCapturesTheWholeAuthorisationOnce() {
        String pi = authorised();
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, key("activate")));
        assertEquals(pi, done.providerNumber());
        assertFalse(done.alreadyDone());
        StripeSandbox.PaymentIntent captured = intent(pi);
        assertEquals("succeeded", captured.status());
        assertEquals(100_000, captured.amountReceived());
        assertEquals(1, captured.captures());
        assertEquals(new PaymentInfo(pi, PaymentState.ACTIVATED, "succeeded", 100_000, 0), info(stripe.status(pi)));
    }

    @Test
    void activatingWithTheOrdersLowerTotalCapturesItAndReleasesTheRest() {
        String pi = authorised();
        assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, 47_263, key("activate")));
        StripeSandbox.PaymentIntent captured = intent(pi);
        assertEquals(47_263, captured.amountReceived());
        assertEquals(0, captured.amountCapturable());
        // Stripe records the released rest as a refund of its own; it is not money the merchant refunded.
        assertEquals(100_000 - 47_263, captured.amountRefunded());
        assertEquals(List.of("expired_uncaptured_charge"), sandbox.refunds(pi).stream().map(StripeSandbox.Refund::reason).toList());
        assertEquals(new PaymentInfo(pi, PaymentState.ACTIVATED, "succeeded", 47_263, 0), info(stripe.status(pi)));
    }

    @Test
    void activatingAPaymentIntentCapturedInTheDashboardIsDoneAlready() {
        String pi = authorised();
        sandbox.captureInDashboard(pi, null);
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, 100_000, key("activate")));
        assertTrue(done.alreadyDone());
        assertEquals(PaymentState.ACTIVATED, done.info().state());
        assertEquals(1, intent(pi).captures());
    }

    @Test
    void activatingACancelledAuthorisationIsRefusedWithAdviceForItsStatus() {
        String pi = authorised();
        sandbox.cancelInDashboard(pi);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.activate(pi, key("activate")));
        assertEquals("payment_intent_unexpected_state", refused.code());
        assertEquals(Reason.OTHER, refused.reason());
        assertTrue(refused.advice().contains("ask the customer to pay again"), refused.advice());
    }

    @Test
    void activatingAnExpiredAuthorisationIsRefusedAsExpiredAndStatusShowsItCancelled() {
        String pi = authorised();
        sandbox.expireAuthorization(pi);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.activate(pi, key("activate")));
        assertEquals("charge_expired_for_capture", refused.code());
        assertTrue(refused.advice().contains("expired"), refused.advice());
        assertEquals(PaymentState.CANCELLED, info(stripe.status(pi)).state());
        assertEquals(0, intent(pi).captures());
    }

    @Test
    void activatingMoreThanTheAuthorisationIsRefusedAsTooLarge() {
        String pi = authorised();
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                stripe.activate(pi, 100_001, key("activate")));
        assertEquals("amount_too_large", refused.code());
        assertEquals("requires_capture", intent(pi).status());
    }

    @Test
    void activatingNothingIsRefusedWithoutCallingStripe() {
        String pi = authorised();
        int before = sandbox.calls("capture", pi);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.activate(pi, 0, key("activate")));
        assertEquals(Reason.UNMAPPABLE, refused.reason());
        assertEquals(before, sandbox.calls("capture", pi));
    }

    // ---- cancel -----------------------------------------------------------------------------

    @Test
    void cancellingReleasesTheAuthorisationAsRequestedByTheCustomer() {
        String pi = authorised();
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, stripe.cancel(pi, key("cancel")));
        assertEquals(PaymentState.CANCELLED, done.info().state());
        StripeSandbox.PaymentIntent cancelled = intent(pi);
        assertEquals("canceled", cancelled.status());
        assertEquals("requested_by_customer", cancelled.cancellationReason());
        assertEquals(100_000, cancelled.amountRefunded());
    }

    @Test
    void cancellingAnAuthorisationCancelledAlreadyIsDoneAlready() {
        String pi = authorised();
        sandbox.cancelInDashboard(pi);
        assertTrue(assertInstanceOf(ProviderResult.Done.class, stripe.cancel(pi, key("cancel"))).alreadyDone());
    }

    @Test
    void cancellingACapturedPaymentIsRefusedWithAdviceToRefundInstead() {
        String pi = authorised();
        sandbox.captureInDashboard(pi, null);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.cancel(pi, key("cancel")));
        assertEquals("payment_intent_unexpected_state", refused.code());
        assertTrue(refused.advice().contains("refund it in WooCommerce"), refused.advice());
        assertEquals("succeeded", intent(pi).status());
    }

    // ---- update -----------------------------------------------------------------------------

    @Test
    void aLowerTotalBeforeCaptureNeedsNoCallThatChangesTheAuthorisation() {
        String pi = authorised();
        int requests = sandbox.requests().size();
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class,
                stripe.update(pi, order(47_263), List.of(), key("update")));
        assertEquals(pi, done.providerNumber());
        List<StripeSandbox.Request> sent = sandbox.requests().subList(requests, sandbox.requests().size());
        assertEquals(List.of("retrieve"), sent.stream().map(StripeSandbox.Request::operation).toList());
        assertEquals(100_000, intent(pi).amount());
        // The capture then takes exactly the new total.
        assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, 47_263, key("activate")));
        assertEquals(47_263, intent(pi).amountReceived());
    }

    @Test
    void refundsMadeBeforeCaptureComeOffTheTotalTheAuthorisationMustCover() {
        String pi = authorised();
        Refund before = new Refund("901", 5_000, List.of(), "");
        assertInstanceOf(ProviderResult.Done.class, stripe.update(pi, order(104_000), List.of(before), key("update")));
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                stripe.update(pi, order(106_000), List.of(before), key("update")));
        assertEquals("ABOVE_AUTHORIZATION", refused.code());
    }

    @Test
    void aHigherTotalIsRefusedWhenTheCardOffersNoIncrementalAuthorisation() {
        String pi = authorised();
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                stripe.update(pi, order(120_000), List.of(), key("update")));
        assertEquals("ABOVE_AUTHORIZATION", refused.code());
        assertEquals(Reason.OTHER, refused.reason());
        assertTrue(refused.advice().contains("additional payment"), refused.advice());
        assertEquals(0, sandbox.calls("increment_authorization", pi));
        assertEquals(100_000, intent(pi).amount());
    }

    @Test
    void aHigherTotalRaisesTheAuthorisationWhenTheCardOffersIncrements() {
        String pi = new StripeCheckout(sandbox.apiBase(), KEY).authorize("10043", 100_000, "SEK", StripeCheckout.VISA, true);
        assertInstanceOf(ProviderResult.Done.class, stripe.update(pi, order(120_000), List.of(), key("update")));
        StripeSandbox.PaymentIntent raised = intent(pi);
        assertEquals(120_000, raised.amount());
        assertEquals(120_000, raised.amountCapturable());
        assertEquals(1, raised.increments());
        assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, 120_000, key("activate")));
        assertEquals(120_000, intent(pi).amountReceived());
    }

    @Test
    void aDeclinedIncrementIsRefusedAndLeavesTheAuthorisationAsItWas() {
        String pi = new StripeCheckout(sandbox.apiBase(), KEY).authorize("10044", 100_000, "SEK", StripeCheckout.VISA, true);
        sandbox.declineIncrements(pi);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                stripe.update(pi, order(120_000), List.of(), key("update")));
        assertEquals("card_declined", refused.code());
        assertTrue(refused.message().contains("insufficient_funds"), refused.message());
        assertEquals(100_000, intent(pi).amount());
        assertEquals("requires_capture", intent(pi).status());
    }

    @Test
    void anOrderInAnotherCurrencyThanThePaymentIntentIsRefused() {
        String pi = authorised();
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                stripe.update(pi, order(50_000, "EUR"), List.of(), key("update")));
        assertEquals("CURRENCY", refused.code());
        assertEquals(Reason.UNMAPPABLE, refused.reason());
    }

    @Test
    void anUpdateOfACapturedPaymentIsRefusedWithItsStatus() {
        String pi = authorised();
        sandbox.captureInDashboard(pi, null);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                stripe.update(pi, order(50_000), List.of(), key("update")));
        assertEquals("PAYMENT_INTENT_STATUS", refused.code());
        assertTrue(refused.message().contains("succeeded"), refused.message());
    }

    // ---- credit -----------------------------------------------------------------------------

    @Test
    void aCreditRefundsTheAmountWithOrderhooksReference() {
        String pi = captured();
        String key = key("credit/901");
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, stripe.credit(pi, order(100_000),
                new Refund("901", 12_500, List.of(), "Broken cup"), TaxSplit.EMPTY, false, key));
        StripeSandbox.Refund refund = sandbox.refunds(pi).get(0);
        assertEquals(refund.id(), done.providerNumber());
        assertTrue(refund.id().startsWith("re_"));
        assertEquals(12_500, refund.amount());
        assertEquals("requested_by_customer", refund.reason());
        assertEquals(Map.of("orderhook_key", key, "order_id", "10042", "order_number", "10042", "refund_id", "901",
                "reason", "Broken cup"), refund.metadata());
        assertEquals(new PaymentInfo(pi, PaymentState.ACTIVATED, "succeeded", 100_000, 12_500), info(stripe.status(pi)));
    }

    @Test
    void creditsOfEverythingCapturedMakeThePaymentCredited() {
        String pi = authorised();
        stripe.activate(pi, 80_000, key("activate"));
        stripe.credit(pi, order(80_000), new Refund("901", 30_000, List.of(), ""), TaxSplit.EMPTY, false, key("credit/901"));
        assertInstanceOf(ProviderResult.Done.class, stripe.credit(pi, order(80_000), new Refund("902", 50_000, List.of(), ""),
                TaxSplit.EMPTY, false, key("credit/902")));
        // The released 200.00 is in the charge's amount_refunded, but not in what was credited.
        assertEquals(100_000, intent(pi).amountRefunded());
        assertEquals(new PaymentInfo(pi, PaymentState.CREDITED, "succeeded", 80_000, 80_000), info(stripe.status(pi)));
    }

    @Test
    void aCreditAboveWhatIsLeftIsRefusedAsTooLarge() {
        String pi = authorised();
        stripe.activate(pi, 60_000, key("activate"));
        stripe.credit(pi, order(60_000), new Refund("901", 50_000, List.of(), ""), TaxSplit.EMPTY, false, key("credit/901"));
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.credit(pi, order(60_000),
                new Refund("902", 20_000, List.of(), ""), TaxSplit.EMPTY, false, key("credit/902")));
        assertEquals("amount_too_large", refused.code());
        assertNotNull(refused.advice());
        assertEquals(1, sandbox.refunds(pi).stream().filter(r -> !"expired_uncaptured_charge".equals(r.reason())).count());
    }

    @Test
    void aCreditOfAFullyRefundedPaymentIsRefusedAsRefundedAlready() {
        String pi = captured();
        sandbox.refundInDashboard(pi, 100_000);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.credit(pi, order(100_000),
                new Refund("901", 1_000, List.of(), ""), TaxSplit.EMPTY, false, key("credit/901")));
        assertEquals("charge_already_refunded", refused.code());
    }

    @Test
    void aCreditOfAnUncapturedAuthorisationIsRefused() {
        String pi = authorised();
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.credit(pi, order(100_000),
                new Refund("901", 1_000, List.of(), ""), TaxSplit.EMPTY, false, key("credit/901")));
        assertEquals("payment_intent_unexpected_state", refused.code());
        assertEquals(List.of(), sandbox.refunds(pi));
    }

    @Test
    void aRefundThatFailedLaterIsNotCountedAsCredited() {
        String pi = captured();
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, stripe.credit(pi, order(100_000),
                new Refund("901", 10_000, List.of(), ""), TaxSplit.EMPTY, false, key("credit/901")));
        sandbox.failRefund(done.providerNumber(), "expired_or_canceled_card");
        assertEquals(0, info(stripe.status(pi)).creditedWithTax());
    }

    @Test
    void statusAddsUpMoreRefundsThanOnePageHolds() {
        String pi = captured();
        for (int i = 0; i < 103; i++) {
            sandbox.refundInDashboard(pi, 100);
        }
        int before = sandbox.calls("list_refunds", pi);
        assertEquals(10_300, info(stripe.status(pi)).creditedWithTax());
        assertEquals(2, sandbox.calls("list_refunds", pi) - before);
    }

    // ---- credentials ------------------------------------------------------------------------

    @Test
    void aWrongSecretKeyIsRefusedAsCredentialsWithoutTheKeyInTheMessage() {
        String pi = authorised();
        String wrong = "sk_test_wrongkey9876";
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                new StripeProvider(sandbox.apiBase(), wrong).activate(pi, key("activate")));
        assertEquals(Reason.CREDENTIALS, refused.reason());
        assertFalse(refused.message().contains("9876"), refused.message());
        assertFalse(refused.message().contains(wrong), refused.message());
        assertEquals("requires_capture", intent(pi).status());
    }

    @Test
    void aKeyWithoutWriteAccessIsRefusedAsCredentials() {
        String pi = authorised();
        StripeProvider readOnly = new StripeProvider(sandbox.apiBase(), READ_ONLY_KEY);
        assertEquals(PaymentState.RESERVED, info(readOnly.status(pi)).state());
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, readOnly.activate(pi, key("a")));
        assertEquals(Reason.CREDENTIALS, refused.reason());
        assertTrue(refused.advice().contains("restricted key"), refused.advice());
    }

    // ---- faults and exactly once ------------------------------------------------------------

    @Test
    void aLostCaptureAnswerIsResentWithTheSameKeyAndCapturesOnce() {
        String pi = authorised();
        sandbox.inject("capture", 1, StripeFault.lostResponse());
        // HttpURLConnection sends a POST again once when the connection closes without an answer; the
        // same Idempotency-Key makes Stripe answer the first capture's answer again.
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, 47_263, key("activate")));
        assertEquals(PaymentState.ACTIVATED, done.info().state());
        assertEquals(2, sandbox.calls("capture", pi));
        assertEquals(1, intent(pi).captures());
        assertEquals(47_263, intent(pi).amountReceived());
    }

    @Test
    void aTimedOutCreditThatNeverArrivedIsDecidedNotAppliedAndItsRetryRefundsOnce() {
        String pi = captured();
        String key = key("credit/903");
        Refund refund = new Refund("903", 5_000, List.of(), "");
        sandbox.inject("create_refund", 1, StripeFault.timeout(Duration.ofMillis(1500)));
        assertTrue(assertInstanceOf(ProviderResult.Transient.class, stripe.withReadTimeout(Duration.ofMillis(300))
                .credit(pi, order(100_000), refund, TaxSplit.EMPTY, false, key)).outcomeUnknown());
        assertEquals(PendingResolution.Verdict.NOT_APPLIED, PendingResolution.resolve(new Step.Credit(key, "903", 5_000, false),
                OrderState.initial("shop-1", "10042"), info(stripe.status(pi)), stripe.capabilities()));
        assertInstanceOf(ProviderResult.Done.class, stripe.credit(pi, order(100_000), refund, TaxSplit.EMPTY, false, key));
        assertEquals(1, sandbox.refunds(pi).size());
    }

    @Test
    void aCaptureRefusedForItsStatusWhoseStatusCannotBeReadIsTriedAgainLater() {
        String pi = authorised();
        sandbox.captureInDashboard(pi, null);
        sandbox.inject("retrieve", 1, StripeFault.serverError(503));
        ProviderResult.Transient later = assertInstanceOf(ProviderResult.Transient.class, stripe.activate(pi, key("activate")));
        assertFalse(later.outcomeUnknown());
        assertTrue(later.reason().contains("payment_intent_unexpected_state"), later.reason());
    }

    @Test
    void aCaptureWhoseAnswersAreAllLostIsUnknownAndStatusShowsItCapturedOnce() {
        String pi = authorised();
        String key = key("activate");
        sandbox.inject("capture", 2, StripeFault.lostResponse());
        ProviderResult.Transient lost = assertInstanceOf(ProviderResult.Transient.class, stripe.activate(pi, 47_263, key));
        assertTrue(lost.outcomeUnknown(), lost.reason());
        PaymentInfo seen = info(stripe.status(pi));
        assertEquals(new PaymentInfo(pi, PaymentState.ACTIVATED, "succeeded", 47_263, 0), seen);
        assertEquals(PendingResolution.Verdict.APPLIED, PendingResolution.resolve(new Step.Activate(key, 10_000, java.util.List.of()),
                OrderState.initial("shop-1", "10042"), seen, stripe.capabilities()));
        // The processor's retry of the same step: Stripe replays the first answer, nothing is captured again.
        ProviderResult.Done again = assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, 47_263, key));
        assertFalse(again.alreadyDone());
        assertEquals(1, intent(pi).captures());
        assertEquals(3, sandbox.calls("capture", pi));
    }

    @Test
    void aTimeoutAfterSendingIsUnknownAndTheRetryCapturesOnce() {
        String pi = authorised();
        String key = key("activate");
        sandbox.inject("capture", 1, StripeFault.timeout(Duration.ofMillis(1500)));
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class,
                stripe.withReadTimeout(Duration.ofMillis(300)).activate(pi, key));
        assertTrue(result.outcomeUnknown());
        assertEquals("requires_capture", intent(pi).status());
        assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, key));
        assertEquals(1, intent(pi).captures());
    }

    @Test
    void aCaptureStillRunningWhenTheClientGaveUpAnswersItsKeyAfterwards() throws Exception {
        String pi = authorised();
        String key = key("activate");
        sandbox.inject("capture", 1, StripeFault.latency(Duration.ofMillis(800)));
        ProviderResult.Transient gaveUp = assertInstanceOf(ProviderResult.Transient.class,
                stripe.withReadTimeout(Duration.ofMillis(200)).activate(pi, key));
        assertTrue(gaveUp.outcomeUnknown());
        // While the first is still running the key is in use (409): unknown, retry later.
        ProviderResult.Transient inUse = assertInstanceOf(ProviderResult.Transient.class, stripe.activate(pi, key));
        assertTrue(inUse.outcomeUnknown(), inUse.reason());
        assertTrue(inUse.reason().contains("409"), inUse.reason());
        Thread.sleep(900);
        assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, key));
        assertEquals(1, intent(pi).captures());
    }

    @Test
    void aServerErrorIsUnknownAndItsKeyKeepsAnsweringIt() {
        String pi = authorised();
        String key = key("activate");
        sandbox.inject("capture", 1, StripeFault.serverError(500));
        ProviderResult.Transient failed = assertInstanceOf(ProviderResult.Transient.class, stripe.activate(pi, key));
        assertTrue(failed.outcomeUnknown());
        assertEquals(PaymentState.RESERVED, info(stripe.status(pi)).state());
        // Stripe stores a 500 under its key: the same key answers it again for 24 hours.
        assertInstanceOf(ProviderResult.Transient.class, stripe.activate(pi, key));
        assertEquals("requires_capture", intent(pi).status());
        // Only another key captures (see docs/PROVIDERS.md: the key must change once status showed it not applied).
        assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, key + "/2"));
        assertEquals(1, intent(pi).captures());
    }

    @Test
    void aProxysErrorPageIsTransientAndTheSameKeyWorksAfterwards() {
        String pi = authorised();
        String key = key("cancel");
        sandbox.inject("cancel", 1, StripeFault.gatewayError(502));
        ProviderResult.Transient failed = assertInstanceOf(ProviderResult.Transient.class, stripe.cancel(pi, key));
        assertTrue(failed.outcomeUnknown());
        assertEquals("requires_capture", intent(pi).status());
        assertInstanceOf(ProviderResult.Done.class, stripe.cancel(pi, key));
        assertEquals("canceled", intent(pi).status());
    }

    @Test
    void aRateLimitIsTransientWithAKnownOutcome() {
        String pi = authorised();
        sandbox.inject("capture", 1, StripeFault.rateLimited());
        ProviderResult.Transient limited = assertInstanceOf(ProviderResult.Transient.class, stripe.activate(pi, key("a")));
        assertFalse(limited.outcomeUnknown());
        assertEquals("requires_capture", intent(pi).status());
    }

    @Test
    void aTimedOutStatusIsTransientWithAKnownOutcome() {
        String pi = authorised();
        sandbox.inject("retrieve", 1, StripeFault.timeout(Duration.ofMillis(1500)));
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class,
                stripe.withReadTimeout(Duration.ofMillis(300)).status(pi));
        assertFalse(result.outcomeUnknown());
    }

    @Test
    void aRefusedConnectionIsTransientAndNotSent() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProviderResult.Transient result = assertInstanceOf(ProviderResult.Transient.class,
                new StripeProvider("http://127.0.0.1:" + port, KEY).activate("pi_x", key("activate")));
        assertFalse(result.outcomeUnknown(), result.reason());
        assertTrue(result.reason().contains("was not sent"), result.reason());
    }

    @Test
    void aLostRefundAnswerRetriedWithTheSameKeyRefundsOnce() {
        String pi = captured();
        String key = key("credit/901");
        Refund refund = new Refund("901", 25_000, List.of(), "");
        sandbox.inject("create_refund", 2, StripeFault.lostResponse());
        ProviderResult.Transient lost = assertInstanceOf(ProviderResult.Transient.class,
                stripe.credit(pi, order(100_000), refund, TaxSplit.EMPTY, false, key));
        assertTrue(lost.outcomeUnknown());
        // status can tell: the refund is there, so orderhook's pending-step rule decides (for Billmate it cannot).
        PaymentInfo seen = info(stripe.status(pi));
        assertEquals(25_000, seen.creditedWithTax());
        assertEquals(PendingResolution.Verdict.APPLIED, PendingResolution.resolve(new Step.Credit(key, "901", 25_000, false),
                OrderState.initial("shop-1", "10042"), seen, stripe.capabilities()));
        ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class,
                stripe.credit(pi, order(100_000), refund, TaxSplit.EMPTY, false, key));
        assertEquals(1, sandbox.refunds(pi).size());
        assertEquals(sandbox.refunds(pi).get(0).id(), done.providerNumber());
    }

    @Test
    void aKeyReusedWithOtherParametersIsRefusedAndChangesNothing() {
        String pi = authorised();
        String key = key("activate");
        sandbox.inject("capture", 2, StripeFault.lostResponse());
        stripe.activate(pi, 50_000, key);
        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, stripe.activate(pi, 40_000, key));
        assertEquals("idempotency_error", refused.code());
        assertEquals(50_000, intent(pi).amountReceived());
    }

    @Test
    void aStepKeyLongerThanStripeTakesIsSentAsItsHashAndStillDeduplicates() {
        String pi = authorised();
        String key = "shop/10042/credit/" + "x".repeat(300);
        sandbox.inject("capture", 2, StripeFault.lostResponse());
        stripe.activate(pi, key);
        assertInstanceOf(ProviderResult.Done.class, stripe.activate(pi, key));
        String sent = sandbox.lastRequest("capture").orElseThrow().header("Idempotency-Key").orElseThrow();
        assertTrue(sent.startsWith("orderhook-sha256-"), sent);
        assertTrue(sent.length() <= 255);
        assertEquals(1, intent(pi).captures());
    }

    // ---- debug log --------------------------------------------------------------------------

    @Test
    void theCallListenerHearsEveryWireCallWithoutTheKey() {
        String pi = authorised();
        List<ProviderCallListener.Call> calls = new CopyOnWriteArrayList<>();
        StripeProvider logged = stripe.withCallListener(calls::add);
        sandbox.captureInDashboard(pi, null);
        logged.activate(pi, 100_000, key("activate"));
        assertEquals(List.of("POST /v1/payment_intents/{id}/capture", "GET /v1/payment_intents/{id}"),
                calls.stream().map(ProviderCallListener.Call::function).toList());
        ProviderCallListener.Call capture = calls.get(0);
        assertEquals(400, capture.httpStatus());
        assertEquals("refused payment_intent_unexpected_state", capture.outcome());
        assertEquals("{\"amount_to_capture\":100000}", capture.requestJson());
        assertTrue(capture.responseJson().contains("payment_intent_unexpected_state"));
        assertEquals(200, calls.get(1).httpStatus());
        calls.forEach(c -> assertFalse((c.requestJson() + c.responseJson()).contains(KEY)));
        assertFalse(logged.toString().contains(KEY));
    }
}
