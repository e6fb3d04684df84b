package io.orderhook.testkit.stripe;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.stripe.StripeLedger.Charge;
import io.orderhook.testkit.stripe.StripeLedger.Intent;
import io.orderhook.testkit.stripe.StripeLedger.Refund;

/**
 * Stripe's rules for each call the sandbox answers: which parameters it takes
 * ({@link StripeValidation}), which statuses allow it, what it changes in the {@link StripeLedger}
 * and what it answers ({@link StripeJson}); creating a PaymentIntent is {@link IntentCreation}'s,
 * refunds are {@link StripeRefunds}'. Written from
 * Stripe's documents and the reference page, not from orderhook's client. Not thread-safe: the
 * sandbox calls it under its own lock.
 *
 * <p>Where the documents leave something open the stricter reading is taken (docs/PROVIDERS.md,
 * Stripe, lists each as a Choice): a released uncaptured amount (the rest of a partial capture, a
 * cancelled or expired authorisation) is a refund with reason {@code expired_uncaptured_charge},
 * counted in the charge's {@code amount_refunded} and listed with the PaymentIntent's refunds;
 * capturing or refunding the wrong status is a 400 {@code payment_intent_unexpected_state};
 * a capture after the authorisation expired is a 400 {@code charge_expired_for_capture}; amounts
 * above what is left are a 400 {@code amount_too_large}; unknown parameters (the {@code amount} the
 * WooCommerce plugin sends to capture among them) are a 400 {@code parameter_unknown}.
 */
final class StripeRules {

    /** One answer: the HTTP status and the JSON body. */
    record Answer(int status, ObjectNode body) {}

    /** Stripe's calls that the sandbox answers, with the parameters each takes. */
    enum Operation {
        CREATE("create", "POST", Set.of("amount", "currency", "capture_method", "confirm", "payment_method",
                "payment_method_types", "payment_method_options", "metadata", "description", "automatic_payment_methods",
                "receipt_email", "expand"), Set.of("latest_charge")),
        RETRIEVE("retrieve", "GET", Set.of("expand", "client_secret"), Set.of("latest_charge")),
        UPDATE("update", "POST", Set.of("amount", "description", "metadata", "expand"), Set.of("latest_charge")),
        CAPTURE("capture", "POST", Set.of("amount_to_capture", "final_capture", "metadata", "statement_descriptor",
                "statement_descriptor_suffix", "application_fee_amount", "transfer_data", "expand"), Set.of("latest_charge")),
        CANCEL("cancel", "POST", Set.of("cancellation_reason", "expand"), Set.of("latest_charge")),
        INCREMENT("increment_authorization", "POST", Set.of("amount", "description", "metadata", "statement_descriptor",
                "application_fee_amount", "transfer_data", "expand"), Set.of("latest_charge")),
        CREATE_REFUND("create_refund", "POST", Set.of("payment_intent", "charge", "amount", "reason", "metadata", "expand",
                "refund_application_fee", "reverse_transfer", "instructions_email"), Set.of("charge", "payment_intent")),
        LIST_REFUNDS("list_refunds", "GET", Set.of("payment_intent", "charge", "limit", "starting_after", "ending_before",
                "created", "expand"), Set.of()),
        RETRIEVE_REFUND("retrieve_refund", "GET", Set.of("expand"), Set.of("charge", "payment_intent")),
        RETRIEVE_CHARGE("retrieve_charge", "GET", Set.of("expand"), Set.of("payment_intent"));

        /** The name tests count calls by: "capture", "create_refund"... */
        final String callName;
        final String method;
        final Set<String> parameters;
        final Set<String> expandable;

        Operation(String callName, String method, Set<String> parameters, Set<String> expandable) {
            this.callName = callName;
            this.method = method;
            this.parameters = parameters;
            this.expandable = expandable;
        }
    }

    private static final Set<String> CANCELLABLE = Set.of("requires_payment_method", "requires_capture",
            "requires_confirmation", "requires_action");
    static final int MAX_INCREMENTS = 10;
    private static final Set<String> AMOUNT_UPDATABLE = Set.of("requires_payment_method", "requires_confirmation",
            "requires_action");

    final StripeLedger ledger;
    private final StripeJson json;
    private final StripeValidation validation;
    private final StripeRefunds refunds;
    private final IntentCreation creation;

    StripeRules(Supplier<Instant> clock) {
        this.ledger = new StripeLedger(clock);
        this.json = new StripeJson(ledger);
        this.validation = new StripeValidation(json);
        this.refunds = new StripeRefunds(ledger, json);
        this.creation = new IntentCreation(ledger, json);
    }

    /** An answer refusing the call before it runs (nothing is stored for it), or empty. */
    Optional<Answer> validate(Operation op, FormParams params) {
        return validation.validate(op, params);
    }

    // ---- execution (the answer is stored under the idempotency key) -------------------------

    Answer execute(Operation op, String account, String id, FormParams params) {
        return switch (op) {
            case CREATE -> creation.create(account, params);
            case RETRIEVE -> withIntent(account, id, "intent", intent -> StripeJson.ok(json.intentJson(intent, params)));
            case UPDATE -> withIntent(account, id, "intent", intent -> update(intent, params));
            case CAPTURE -> withIntent(account, id, "intent", intent -> capture(intent, params));
            case CANCEL -> withIntent(account, id, "intent", intent -> cancel(intent, params));
            case INCREMENT -> withIntent(account, id, "intent", intent -> increment(intent, params));
            case CREATE_REFUND -> refunds.create(account, params);
            case LIST_REFUNDS -> refunds.list(account, params);
            case RETRIEVE_REFUND -> {
                Refund refund = ledger.refunds.get(id);
                yield refund == null || !refund.account.equals(account) ? json.noSuch("refund", id, "id", 404)
                        : StripeJson.ok(json.refundJson(refund, params));
            }
            case RETRIEVE_CHARGE -> {
                Charge charge = ledger.charges.get(id);
                Intent intent = charge == null ? null : ledger.intents.get(charge.intent);
                yield intent == null || !intent.account.equals(account) ? json.noSuch("charge", id, "charge", 404)
                        : StripeJson.ok(json.chargeJson(intent));
            }
        };
    }

    private Answer withIntent(String account, String id, String param, Function<Intent, Answer> action) {
        Intent intent = ledger.intents.get(id);
        if (intent == null || !intent.account.equals(account)) {
            return json.noSuch("payment_intent", id, param, 404);
        }
        ledger.expireIfDue(intent);
        return action.apply(intent);
    }

    /** An authorised PaymentIntent's amount cannot change: only the increment endpoint raises it. */
    private Answer update(Intent intent, FormParams params) {
        if (params.has("amount") && !AMOUNT_UPDATABLE.contains(intent.status)) {
            return json.invalid("payment_intent_unexpected_state", "This PaymentIntent's amount could not be updated because"
                    + " it has a status of " + intent.status + ". You may only update the amount of a PaymentIntent"
                    + " with one of the following statuses: requires_payment_method, requires_confirmation,"
                    + " requires_action.", "amount", intent);
        }
        if (params.has("amount")) {
            intent.amount = integer(params.get("amount"));
        }
        if (params.has("description")) {
            intent.description = params.get("description");
        }
        mergeMetadata(intent.metadata, params.hash("metadata"));
        return StripeJson.ok(json.intentJson(intent, params));
    }

    private Answer capture(Intent intent, FormParams params) {
        if (intent.expired) {
            return json.invalid("charge_expired_for_capture", "This PaymentIntent could not be captured because its"
                    + " authorization has expired.", null, intent);
        }
        if (!"requires_capture".equals(intent.status)) {
            return json.invalid("payment_intent_unexpected_state", "This PaymentIntent could not be captured because it has"
                    + " a status of " + intent.status + ". Only a PaymentIntent with one of the following statuses may"
                    + " be captured: requires_capture.", null, intent);
        }
        if ("false".equals(params.get("final_capture"))) {
            // Multicapture needs request_multicapture at confirmation, which the sandbox does not offer.
            return json.invalid(null, "final_capture=false is only supported for PaymentIntents confirmed with"
                    + " multicapture.", "final_capture", intent);
        }
        long amount = params.has("amount_to_capture") ? integer(params.get("amount_to_capture")) : intent.amountCapturable;
        if (amount > intent.amountCapturable) {
            return json.invalid("amount_too_large", "The amount to capture (" + amount + ") is greater than the amount"
                    + " capturable (" + intent.amountCapturable + ").", "amount_to_capture", intent);
        }
        long rest = intent.amountCapturable - amount;
        intent.charge.captured = true;
        intent.charge.amountCaptured = amount;
        intent.amountReceived = amount;
        intent.status = "succeeded";
        intent.captures++;
        mergeMetadata(intent.metadata, params.hash("metadata"));
        // A partial capture is final: the uncaptured rest is released ("automatically refunded").
        ledger.release(intent, rest);
        return StripeJson.ok(json.intentJson(intent, params));
    }

    private Answer cancel(Intent intent, FormParams params) {
        if (!CANCELLABLE.contains(intent.status)) {
            return json.invalid("payment_intent_unexpected_state", "You cannot cancel this PaymentIntent because it has a"
                    + " status of " + intent.status + ". Only a PaymentIntent with one of the following statuses may be"
                    + " canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action,"
                    + " processing.", null, intent);
        }
        ledger.release(intent, intent.amountCapturable);
        intent.status = "canceled";
        intent.canceledAt = ledger.now();
        intent.cancellationReason = params.get("cancellation_reason");
        return StripeJson.ok(json.intentJson(intent, params));
    }

    private Answer increment(Intent intent, FormParams params) {
        if (!"requires_capture".equals(intent.status)) {
            return json.invalid("payment_intent_unexpected_state", "This PaymentIntent's authorization could not be"
                    + " incremented because it has a status of " + intent.status + ". Only a PaymentIntent with a status"
                    + " of requires_capture may be incremented.", null, intent);
        }
        if (!intent.charge.incrementalAvailable) {
            return json.invalid("payment_intent_invalid_parameter", "This PaymentIntent is not eligible for incremental"
                    + " authorization: it was not confirmed with request_incremental_authorization, or the card does not"
                    + " support it.", null, intent);
        }
        long amount = integer(params.get("amount"));
        if (amount <= intent.amount) {
            return json.invalid("amount_too_small", "The amount (" + amount + ") must be greater than the PaymentIntent's"
                    + " current amount (" + intent.amount + ").", "amount", intent);
        }
        if (intent.increments >= MAX_INCREMENTS) {
            return json.invalid("payment_intent_invalid_parameter", "This PaymentIntent has reached the maximum of "
                    + MAX_INCREMENTS + " incremental authorizations.", null, intent);
        }
        if (intent.declineIncrements) {
            // A declined increment leaves the authorisation as it was.
            return json.error(402, "card_error", "card_declined", "Your card was declined.", null, "insufficient_funds", intent);
        }
        intent.increments++;
        intent.amount = amount;
        intent.amountCapturable = amount;
        intent.charge.amount = amount;
        mergeMetadata(intent.metadata, params.hash("metadata"));
        return StripeJson.ok(json.intentJson(intent, params));
    }

    private static void mergeMetadata(Map<String, String> metadata, Map<String, String> changes) {
        // An empty value removes the key (docs: metadata).
        changes.forEach((k, v) -> {
            if (v.isEmpty()) {
                metadata.remove(k);
            } else {
                metadata.put(k, v);
            }
        });
    }

    static Long integer(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }
}
