package io.orderhook.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderNames;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.ShopConfig;

/** The Stripe client's pure rules: statuses, keys, names and capabilities. */
class StripeProviderRulesTest {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("requires_capture", PaymentState.RESERVED),
                Arguments.of("succeeded", PaymentState.ACTIVATED),
                Arguments.of("canceled", PaymentState.CANCELLED),
                Arguments.of("processing", PaymentState.PENDING),
                Arguments.of("requires_action", PaymentState.PENDING),
                Arguments.of("requires_confirmation", PaymentState.PENDING),
                Arguments.of("requires_payment_method", PaymentState.PENDING),
                Arguments.of("some_future_status", PaymentState.AMBIGUOUS),
                Arguments.of(null, PaymentState.AMBIGUOUS));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("statuses")
    void eachPaymentIntentStatusHasOneStateInOrderhooksTerms(String status, PaymentState state) {
        assertEquals(state, StripeProvider.state(status));
    }

    @Test
    void aStepKeyWithinStripesLimitIsSentAsItIs() {
        assertEquals("shop-1/10042/activate/1718877600", StripeIdempotency.stripeKey("shop-1/10042/activate/1718877600"));
    }

    @Test
    void aLongerStepKeyOrOneWithSpacesIsSentAsItsStableHash() {
        String longKey = "shop/1/credit/" + "9".repeat(300);
        String sent = StripeIdempotency.stripeKey(longKey);
        assertTrue(sent.startsWith("orderhook-sha256-"));
        assertEquals(17 + 64, sent.length());
        assertEquals(sent, StripeIdempotency.stripeKey(longKey));
        assertTrue(StripeIdempotency.stripeKey("shop with spaces/1/cancel/2").startsWith("orderhook-sha256-"));
    }

    @Test
    void aMutatingCallWithoutAStepKeyIsADefect() {
        assertThrows(IllegalArgumentException.class, () -> StripeIdempotency.stripeKey(" "));
    }

    @Test
    void stripeIsNamedAsMerchantsKnowItAndCanCapturePartOfAnAuthorisation() {
        StripeProvider stripe = new StripeProvider("http://127.0.0.1:9", "sk_test_x");
        assertEquals(new ProviderNames("Stripe", "Stripe", "the Stripe Dashboard"), stripe.names());
        assertEquals(new Capabilities(true, false, true, true), stripe.capabilities());
        assertEquals("stripe", new StripePlugin().name());
        assertEquals(List.of("_stripe_intent_id"), StripeProvider.PAYMENT_NUMBER_FIELDS);
    }

    @Test
    void withoutASecretKeyEveryCallIsRefusedAsCredentialsAndNothingIsSent() {
        StripeProvider stripe = (StripeProvider) new StripePlugin().create(
                new ShopConfig.ProviderAccount("stripe", "acct_1", "ref", "http://127.0.0.1:9", false), "");
        ProviderResult.Refused refused = (ProviderResult.Refused) stripe.activate("pi_1", "k");
        assertEquals(ProviderResult.Refused.Reason.CREDENTIALS, refused.reason());
        assertEquals(ProviderResult.Refused.Reason.CREDENTIALS, ((ProviderResult.Refused) stripe.status("pi_1")).reason());
    }

    @Test
    void anAccountWithoutAnEndpointTalksToStripeItselfAndNeverShowsTheKey() {
        StripeProvider stripe = new StripeProvider(new ShopConfig.ProviderAccount("stripe", "acct_1", "ref", null, false),
                "sk_live_secret123");
        assertEquals("StripeProvider[https://api.stripe.com]", stripe.toString());
        assertFalse(stripe.toString().contains("secret"));
    }
}
