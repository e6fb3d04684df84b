package io.orderhook.provider.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;

/**
 * What the merchant's debug log keeps of Stripe's answers: ids, statuses, amounts and error codes;
 * no customer, card or address details.
 */
final class StripeRedaction {
    private StripeRedaction() {}

    static Object summary(PaymentIntent intent) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", intent.getId());
        s.put("status", intent.getStatus());
        s.put("amount", intent.getAmount());
        s.put("amount_capturable", intent.getAmountCapturable());
        s.put("amount_received", intent.getAmountReceived());
        s.put("currency", intent.getCurrency());
        s.put("cancellation_reason", intent.getCancellationReason());
        Charge charge = intent.getLatestChargeObject();
        if (charge != null) {
            s.put("latest_charge", Map.of("id", charge.getId(),
                    "amount_captured", StripePaymentInfo.amount(charge.getAmountCaptured()),
                    "amount_refunded", StripePaymentInfo.amount(charge.getAmountRefunded())));
        } else if (intent.getLatestCharge() != null) {
            s.put("latest_charge", intent.getLatestCharge());
        }
        return s;
    }

    static Object summary(Refund refund) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", refund.getId());
        s.put("status", refund.getStatus());
        s.put("amount", refund.getAmount());
        s.put("reason", refund.getReason());
        return s;
    }

    static Object summary(StripeCollection<Refund> page) {
        List<Object> data = new ArrayList<>();
        if (page.getData() != null) {
            page.getData().forEach(r -> data.add(summary(r)));
        }
        return Map.of("data", data, "has_more", Boolean.TRUE.equals(page.getHasMore()));
    }

    /** Stripe's error body: type, code, decline code, parameter and message. */
    static Map<String, Object> error(StripeException e) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", e.getStripeError().getType());
        s.put("code", e.getStripeError().getCode());
        s.put("decline_code", e.getStripeError().getDeclineCode());
        s.put("param", e.getStripeError().getParam());
        s.put("message", e.getStripeError().getMessage());
        return s;
    }
}
