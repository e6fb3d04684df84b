package io.orderhook.testkit.stripe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.stripe.StripeLedger.Charge;
import io.orderhook.testkit.stripe.StripeLedger.Intent;
import io.orderhook.testkit.stripe.StripeLedger.Refund;
import io.orderhook.testkit.stripe.StripeRules.Answer;

/**
 * The Stripe sandbox's objects as the API reference shows them, and its error answers as
 * {@code {"error":{type, code, message, param, doc_url, payment_intent}}}.
 */
final class StripeJson {
    private final StripeLedger ledger;

    StripeJson(StripeLedger ledger) {
        this.ledger = ledger;
    }

    ObjectNode intentJson(Intent intent, FormParams params) {
        ObjectNode pi = JsonNodeFactory.instance.objectNode();
        pi.put("id", intent.id);
        pi.put("object", "payment_intent");
        pi.put("amount", intent.amount);
        pi.put("amount_capturable", intent.amountCapturable);
        pi.put("amount_received", intent.amountReceived);
        pi.put("canceled_at", intent.canceledAt);
        pi.put("cancellation_reason", intent.cancellationReason);
        pi.put("capture_method", intent.captureMethod);
        pi.put("created", intent.created);
        pi.put("currency", intent.currency);
        pi.put("description", intent.description);
        if (intent.lastPaymentError == null) {
            pi.putNull("last_payment_error");
        } else {
            pi.set("last_payment_error", intent.lastPaymentError.deepCopy());
        }
        if (intent.charge == null) {
            pi.putNull("latest_charge");
        } else if (params.list("expand").contains("latest_charge")) {
            pi.set("latest_charge", chargeJson(intent));
        } else {
            pi.put("latest_charge", intent.charge.id);
        }
        pi.put("livemode", false);
        ObjectNode metadata = pi.putObject("metadata");
        intent.metadata.forEach(metadata::put);
        pi.put("payment_method", intent.paymentMethod);
        pi.putObject("payment_method_options").putObject("card")
                .put("request_incremental_authorization", intent.incrementalRequest);
        pi.putArray("payment_method_types").add("card");
        pi.put("status", intent.status);
        return pi;
    }

    ObjectNode chargeJson(Intent intent) {
        Charge charge = intent.charge;
        ObjectNode ch = JsonNodeFactory.instance.objectNode();
        ch.put("id", charge.id);
        ch.put("object", "charge");
        ch.put("amount", charge.amount);
        ch.put("amount_captured", charge.amountCaptured);
        ch.put("amount_refunded", charge.amountRefunded);
        ch.put("captured", charge.captured);
        ch.put("created", charge.created);
        ch.put("currency", intent.currency);
        ch.put("livemode", false);
        ch.putObject("metadata");
        ch.put("paid", true);
        ch.put("payment_intent", intent.id);
        ObjectNode card = ch.putObject("payment_method_details").put("type", "card").putObject("card");
        card.put("brand", charge.brand);
        card.put("capture_before", charge.captureBefore);
        card.put("exp_month", 12);
        card.put("exp_year", 2034);
        card.put("last4", "amex".equals(charge.brand) ? "8431" : "4242");
        card.putObject("incremental_authorization").put("status", charge.incrementalAvailable ? "available" : "unavailable");
        ch.put("refunded", charge.amountRefunded >= charge.amount);
        ch.put("status", "succeeded");
        return ch;
    }

    ObjectNode refundJson(Refund refund, FormParams params) {
        ObjectNode re = JsonNodeFactory.instance.objectNode();
        re.put("id", refund.id);
        re.put("object", "refund");
        re.put("amount", refund.amount);
        Intent intent = ledger.intents.get(refund.intent);
        if (params.list("expand").contains("charge")) {
            re.set("charge", chargeJson(intent));
        } else {
            re.put("charge", refund.charge);
        }
        re.put("created", refund.created);
        re.put("currency", refund.currency);
        if (refund.failureReason != null) {
            re.put("failure_reason", refund.failureReason);
        }
        ObjectNode metadata = re.putObject("metadata");
        refund.metadata.forEach(metadata::put);
        if (params.list("expand").contains("payment_intent")) {
            re.set("payment_intent", intentJson(intent, FormParams.empty()));
        } else {
            re.put("payment_intent", refund.intent);
        }
        re.put("reason", refund.reason);
        re.put("status", refund.status);
        return re;
    }

    static Answer ok(ObjectNode body) {
        return new Answer(200, body);
    }

    Answer invalid(String code, String message, String param) {
        return error(400, "invalid_request_error", code, message, param, null, null);
    }

    Answer invalid(String code, String message, String param, Intent intent) {
        return error(400, "invalid_request_error", code, message, param, null, intent);
    }

    Answer missing(String param) {
        return invalid("parameter_missing", "Missing required param: " + param + ".", param);
    }

    Answer unknownParameter(String key) {
        return invalid("parameter_unknown", "Received unknown parameter: " + key, key);
    }

    Answer noSuch(String object, String id, String param, int status) {
        return error(status, "invalid_request_error", "resource_missing", "No such " + object + ": '" + id + "'", param,
                null, null);
    }

    /** Stripe's error body; errors about a PaymentIntent carry the PaymentIntent (docs: errors, payment_intent). */
    Answer error(int status, String type, String code, String message, String param, String declineCode, Intent intent) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://docs.stripe.com/error-codes/" + code.replace('_', '-'));
        }
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        if (intent != null) {
            error.set("payment_intent", intentJson(intent, FormParams.empty()));
        }
        error.put("type", type);
        return new Answer(status, root);
    }
}
