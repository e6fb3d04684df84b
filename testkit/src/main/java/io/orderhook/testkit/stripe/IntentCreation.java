package io.orderhook.testkit.stripe;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.stripe.StripeLedger.Charge;
import io.orderhook.testkit.stripe.StripeLedger.Intent;
import io.orderhook.testkit.stripe.StripeRules.Answer;

/**
 * Stripe's {@code POST /v1/payment_intents}: a PaymentIntent created and, with {@code confirm=true}
 * and one of Stripe's test payment methods, authorised (capture method {@code manual}), paid at
 * once, or declined. Not thread-safe: it runs under the sandbox's lock.
 */
final class IntentCreation {
    /** Test payment methods (docs: testing): brand, and whether the issuer declines. */
    private static final Map<String, String> TEST_CARDS = Map.of(
            "pm_card_visa", "visa", "pm_card_mastercard", "mastercard", "pm_card_amex", "amex",
            "pm_card_chargeDeclined", "visa");

    private final StripeLedger ledger;
    private final StripeJson json;

    IntentCreation(StripeLedger ledger, StripeJson json) {
        this.ledger = ledger;
        this.json = json;
    }

    /** The customer's checkout: a PaymentIntent created and, with {@code confirm=true}, authorised. */
    Answer create(String account, FormParams params) {
        Intent intent = new Intent();
        intent.id = ledger.newId("pi");
        intent.account = account;
        intent.amount = StripeRules.integer(params.get("amount"));
        intent.currency = params.get("currency").toLowerCase(Locale.ROOT);
        intent.captureMethod = params.has("capture_method") ? params.get("capture_method") : "automatic_async";
        intent.description = params.get("description");
        intent.paymentMethod = params.get("payment_method");
        intent.incrementalRequest = params.get("payment_method_options[card][request_incremental_authorization]");
        intent.metadata.putAll(params.hash("metadata"));
        intent.created = ledger.now();
        intent.status = intent.paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
        ledger.intents.put(intent.id, intent);
        if ("true".equals(params.get("confirm"))) {
            if (intent.paymentMethod == null) {
                return json.invalid("payment_intent_unexpected_state", "You cannot confirm this PaymentIntent because it's"
                        + " missing a payment method.", "payment_method", intent);
            }
            String brand = TEST_CARDS.get(intent.paymentMethod);
            if (brand == null) {
                return json.noSuch("payment_method", intent.paymentMethod, "payment_method", 400);
            }
            if ("pm_card_chargeDeclined".equals(intent.paymentMethod)) {
                intent.status = "requires_payment_method";
                Answer declined = json.error(402, "card_error", "card_declined", "Your card was declined.", null,
                        "generic_decline", intent);
                intent.lastPaymentError = (ObjectNode) declined.body().path("error").deepCopy();
                intent.lastPaymentError.remove("payment_intent");
                return declined;
            }
            authorise(intent, brand);
        }
        return StripeJson.ok(json.intentJson(intent, params));
    }

    private void authorise(Intent intent, String brand) {
        Charge charge = new Charge();
        charge.id = ledger.newId("ch");
        charge.intent = intent.id;
        charge.amount = intent.amount;
        charge.brand = brand;
        charge.created = ledger.now();
        charge.captureBefore = ledger.now() + StripeLedger.AUTHORIZATION_WINDOW.toSeconds();
        // Incremental authorisation: only when asked for at confirmation, and only Visa and Mastercard here.
        charge.incrementalAvailable = "if_available".equals(intent.incrementalRequest)
                && Set.of("visa", "mastercard").contains(brand);
        ledger.charges.put(charge.id, charge);
        intent.charge = charge;
        if ("manual".equals(intent.captureMethod)) {
            intent.status = "requires_capture";
            intent.amountCapturable = intent.amount;
        } else {
            intent.status = "succeeded";
            intent.amountReceived = intent.amount;
            charge.captured = true;
            charge.amountCaptured = intent.amount;
        }
    }
}
