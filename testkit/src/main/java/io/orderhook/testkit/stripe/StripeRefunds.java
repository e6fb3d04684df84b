package io.orderhook.testkit.stripe;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.stripe.StripeLedger.Charge;
import io.orderhook.testkit.stripe.StripeLedger.Intent;
import io.orderhook.testkit.stripe.StripeLedger.Refund;
import io.orderhook.testkit.stripe.StripeRules.Answer;

/** Stripe's refund calls: creating a refund of captured money, and listing a PaymentIntent's refunds. */
final class StripeRefunds {
    private final StripeLedger ledger;
    private final StripeJson json;

    StripeRefunds(StripeLedger ledger, StripeJson json) {
        this.ledger = ledger;
        this.json = json;
    }

    Answer create(String account, FormParams params) {
        Intent intent;
        if (params.has("payment_intent")) {
            intent = ledger.intents.get(params.get("payment_intent"));
            if (intent == null || !intent.account.equals(account)) {
                return json.noSuch("payment_intent", params.get("payment_intent"), "payment_intent", 400);
            }
        } else {
            Charge charge = ledger.charges.get(params.get("charge"));
            intent = charge == null ? null : ledger.intents.get(charge.intent);
            if (intent == null || !intent.account.equals(account)) {
                return json.noSuch("charge", params.get("charge"), "charge", 400);
            }
        }
        ledger.expireIfDue(intent);
        if (!"succeeded".equals(intent.status) || intent.charge == null || !intent.charge.captured) {
            // Only captured money can be refunded; an authorisation is cancelled instead.
            return json.invalid("payment_intent_unexpected_state", "This PaymentIntent has a status of " + intent.status
                    + " and has no captured charge to refund. Cancel the PaymentIntent to release an uncaptured"
                    + " authorization.", params.has("charge") ? "charge" : "payment_intent", intent);
        }
        long left = intent.charge.amountCaptured - ledger.refunded(intent);
        if (left <= 0) {
            return json.invalid("charge_already_refunded", "Charge " + intent.charge.id + " has already been refunded.",
                    null, null);
        }
        long amount = params.has("amount") ? StripeRules.integer(params.get("amount")) : left;
        if (amount > left) {
            return json.invalid("amount_too_large", "Refund amount (" + amount + ") is greater than the unrefunded amount on"
                    + " charge (" + left + ")", "amount", null);
        }
        Refund refund = new Refund();
        refund.id = ledger.newId("re");
        refund.account = account;
        refund.intent = intent.id;
        refund.charge = intent.charge.id;
        refund.amount = amount;
        refund.currency = intent.currency;
        refund.reason = params.get("reason");
        refund.status = "succeeded";
        refund.created = ledger.now();
        refund.metadata.putAll(params.hash("metadata"));
        ledger.refunds.put(refund.id, refund);
        intent.charge.amountRefunded += amount;
        return StripeJson.ok(json.refundJson(refund, params));
    }

    /** Newest first, as Stripe lists; {@code starting_after} and {@code limit} page through them. */
    Answer list(String account, FormParams params) {
        List<Refund> matching = new ArrayList<>();
        for (Refund refund : ledger.refunds.values()) {
            if (refund.account.equals(account)
                    && (!params.has("payment_intent") || refund.intent.equals(params.get("payment_intent")))
                    && (!params.has("charge") || refund.charge.equals(params.get("charge")))) {
                matching.add(0, refund);
            }
        }
        int from = 0;
        if (params.has("starting_after")) {
            int at = indexOf(matching, params.get("starting_after"));
            if (at < 0) {
                return json.noSuch("refund", params.get("starting_after"), "starting_after", 400);
            }
            from = at + 1;
        }
        int limit = params.has("limit") ? StripeRules.integer(params.get("limit")).intValue() : 10;
        int to = Math.min(matching.size(), from + limit);
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Refund refund : matching.subList(from, to)) {
            data.add(json.refundJson(refund, FormParams.empty()));
        }
        list.put("has_more", to < matching.size());
        list.put("url", "/v1/refunds");
        return StripeJson.ok(list);
    }

    private static int indexOf(List<Refund> refunds, String id) {
        for (int i = 0; i < refunds.size(); i++) {
            if (refunds.get(i).id.equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
