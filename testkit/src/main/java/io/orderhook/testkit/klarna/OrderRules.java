package io.orderhook.testkit.klarna;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.orderhook.testkit.klarna.KlarnaSandbox.Movement;

/**
 * What each Order Management call does to a placed order, with the statuses that allow it and
 * Klarna's refusals (reference §5; the summary is {@link KlarnaSandbox}'s). Each takes the order
 * as the book holds it, already refreshed, and runs under the book's lock.
 */
final class OrderRules {
    private OrderRules() {}

    static KlarnaAnswer capture(StoredOrder order, JsonNode json, String base, Instant now) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "captured_amount", 1)
                .or(() -> LineRules.lines(json, json.path("captured_amount").asLong(), "captured_amount", false, false))
                .or(() -> LineRules.text(json, "description", 255))
                .or(() -> LineRules.text(json, "reference", 255));
        if (violation.isPresent()) {
            return KlarnaAnswer.error(violation.get());
        }
        long amount = json.path("captured_amount").asLong();
        switch (order.status) {
            case "CANCELLED" -> {
                return KlarnaAnswer.error(403, "CAPTURE_NOT_ALLOWED", "Order is cancelled. Capture not possible.");
            }
            case "EXPIRED" -> {
                return KlarnaAnswer.error(403, "CAPTURE_NOT_ALLOWED", "Order " + order.id
                        + " is expired. Capture not possible.");
            }
            case "CLOSED" -> {
                return KlarnaAnswer.error(403, "CAPTURE_NOT_ALLOWED", "Order is closed. Capture not possible.");
            }
            default -> { }
        }
        if (!"ACCEPTED".equals(order.fraudStatus)) {
            // Choice: the reference's code for a capture before the fraud review accepted is unverified.
            return KlarnaAnswer.error(403, "CAPTURE_NOT_ALLOWED", "Order is not accepted by Klarna's fraud review"
                    + " (fraud_status " + order.fraudStatus + "). Capture not possible.");
        }
        if (amount > order.remaining()) {
            return KlarnaAnswer.error(403, "CAPTURE_NOT_ALLOWED",
                    "Captured amount is higher than the remaining authorized amount. Capture not possible.");
        }
        Movement capture = movement(json, amount, now);
        order.captures.add(capture);
        order.capturedAmount += amount;
        order.status = order.capturedAmount >= order.orderAmount ? "CAPTURED" : "PART_CAPTURED";
        return new KlarnaAnswer(201, null, Map.of("Capture-Id", capture.id(),
                "Location", base + "/captures/" + capture.id()));
    }

    static KlarnaAnswer refund(StoredOrder order, JsonNode json, String base, Instant now) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "refunded_amount", 1)
                .or(() -> LineRules.lines(json, json.path("refunded_amount").asLong(), "refunded_amount", false, true))
                .or(() -> LineRules.text(json, "description", 255))
                .or(() -> LineRules.text(json, "reference", 255));
        if (violation.isPresent()) {
            return KlarnaAnswer.error(violation.get());
        }
        if (Set.of("EXPIRED", "CLOSED").contains(order.status)) {
            // Choice: whether an expired order's captured part can still be refunded is unverified.
            return KlarnaAnswer.error(403, "REFUND_NOT_ALLOWED", "Order is " + lower(order.status)
                    + ". Refund not possible.");
        }
        if (order.capturedAmount == 0) {
            return KlarnaAnswer.error(403, "REFUND_NOT_ALLOWED", "Order has no captures. Refund not possible.");
        }
        long amount = json.path("refunded_amount").asLong();
        if (amount > order.capturedAmount - order.refundedAmount) {
            return KlarnaAnswer.error(403, "REFUND_NOT_ALLOWED", "Over refund is not allowed. The refunded amount is"
                    + " higher than the captured amount not yet refunded.");
        }
        Movement refund = movement(json, amount, now);
        order.refunds.add(refund);
        order.refundedAmount += amount;
        return new KlarnaAnswer(201, null, Map.of("Refund-Id", refund.id(), "Location", base + "/refunds/" + refund.id()));
    }

    static KlarnaAnswer cancel(StoredOrder order) {
        if (order.capturedAmount > 0) {
            return KlarnaAnswer.error(403, "CANCEL_NOT_ALLOWED", "Order has previous captures. Cancel not possible.");
        }
        if (!"AUTHORIZED".equals(order.status)) {
            // Choice: the code for cancelling a cancelled, expired or closed order is unverified.
            return KlarnaAnswer.error(403, "CANCEL_NOT_ALLOWED", "Order is " + lower(order.status)
                    + ". Cancel not possible.");
        }
        order.status = "CANCELLED";
        return KlarnaAnswer.noContent();
    }

    /** @param refuseIncreases Klarna's new credit decision refuses every increase, whatever the method */
    static KlarnaAnswer updateAuthorization(StoredOrder order, JsonNode json, boolean refuseIncreases) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "order_amount", 0)
                .or(() -> LineRules.lines(json, json.path("order_amount").asLong(), "order_amount", false, false))
                .or(() -> LineRules.text(json, "description", 255));
        if (violation.isPresent()) {
            return KlarnaAnswer.error(violation.get());
        }
        if (!order.open()) {
            return KlarnaAnswer.error(403, "NOT_ALLOWED", "Order is " + lower(order.status)
                    + ". The authorization cannot be updated.");
        }
        long amount = json.path("order_amount").asLong();
        if (amount < order.capturedAmount) {
            return KlarnaAnswer.error(403, "NOT_ALLOWED", "Resulting authorization amount " + amount
                    + " cannot be less than the captured amount " + order.capturedAmount);
        }
        if (amount > order.orderAmount
                && (refuseIncreases || !KlarnaSandbox.INCREASABLE_METHODS.contains(order.paymentMethodType))) {
            return KlarnaAnswer.error(403, "NOT_ALLOWED", "The order amount cannot be increased for this purchase."
                    + " A new purchase is needed.");
        }
        order.orderAmount = amount;
        // Lines left out remove the stored ones (reference §5.5).
        order.lines = linesOf(json);
        if (order.capturedAmount > 0 && order.capturedAmount >= amount) {
            order.status = "CAPTURED";
        }
        return KlarnaAnswer.noContent();
    }

    /** @param period the merchant's authorisation period */
    static KlarnaAnswer extend(StoredOrder order, Instant now, Duration period) {
        if ("EXPIRED".equals(order.status)) {
            return KlarnaAnswer.error(403, "NOT_ALLOWED", "Order is expired. Authorization time cannot be extended.");
        }
        if (!order.open()) {
            // Choice: nothing is left to extend on a captured, cancelled or closed order.
            return KlarnaAnswer.error(403, "NOT_ALLOWED", "Order is " + lower(order.status)
                    + ". Authorization time cannot be extended.");
        }
        // Today plus the merchant's period (twice on one day gives one date), never past 180 days after purchase.
        Instant extended = now.truncatedTo(ChronoUnit.DAYS).plus(period);
        Instant limit = order.createdAt.plus(Duration.ofDays(180));
        order.expiresAt = extended.isAfter(limit) ? limit : extended;
        return KlarnaAnswer.noContent();
    }

    static KlarnaAnswer releaseRemaining(StoredOrder order) {
        return switch (order.status) {
            case "PART_CAPTURED" -> {
                order.released = true;
                order.status = "CAPTURED";
                yield KlarnaAnswer.noContent();
            }
            case "AUTHORIZED" -> KlarnaAnswer.error(403, "NOT_ALLOWED", "Order has no captures. Remaining"
                    + " authorization cannot be released; cancel the order instead.");
            case "CAPTURED" -> KlarnaAnswer.error(403, "NOT_ALLOWED", "Order is fully captured. Remaining"
                    + " authorization cannot be released.");
            default -> KlarnaAnswer.error(403, "NOT_ALLOWED", "Order is " + lower(order.status)
                    + ". Remaining authorization cannot be released.");
        };
    }

    static KlarnaAnswer merchantReferences(StoredOrder order, JsonNode json) {
        Optional<LineRules.Violation> violation = LineRules.text(json, "merchant_reference1", 255)
                .or(() -> LineRules.text(json, "merchant_reference2", 255));
        if (violation.isPresent()) {
            return KlarnaAnswer.error(violation.get());
        }
        if ("CANCELLED".equals(order.status)) {
            return KlarnaAnswer.error(403, "NOT_ALLOWED", "Order is cancelled. Merchant references cannot be updated.");
        }
        order.merchantReference1 = json.path("merchant_reference1").asText(order.merchantReference1);
        order.merchantReference2 = json.path("merchant_reference2").asText(order.merchantReference2);
        return KlarnaAnswer.noContent();
    }

    static KlarnaAnswer acknowledge(StoredOrder order) {
        return "CLOSED".equals(order.status) ? KlarnaAnswer.error(403, "NOT_ALLOWED", "The order is closed")
                : KlarnaAnswer.noContent();
    }

    /** A capture or refund of {@code amount} with the request's lines, reference and description. */
    private static Movement movement(JsonNode json, long amount, Instant now) {
        return new Movement(UUID.randomUUID().toString(), amount, linesOf(json), json.path("reference").asText(""),
                json.path("description").asText(""), now);
    }

    private static JsonNode linesOf(JsonNode json) {
        return json.path("order_lines").isArray() ? json.path("order_lines").deepCopy()
                : JsonNodeFactory.instance.arrayNode();
    }

    private static String lower(String status) {
        return status.toLowerCase(Locale.ROOT);
    }
}
