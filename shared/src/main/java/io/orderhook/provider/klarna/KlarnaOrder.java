package io.orderhook.provider.klarna;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.provider.AuthorisationLapse;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderResult;

/**
 * A Klarna order as {@code GET /ordermanagement/v1/orders/{order_id}} answers it: the fields
 * order management needs (amounts in minor units), none of the customer's details.
 *
 * @param remainingAuthorizedAmount what can still be captured
 * @param expiresAt                 captures are possible only until then; empty when Klarna did not say
 * @param paymentMethodType         {@code initial_payment_method.type} ("INVOICE", "CARD", ...), or empty
 */
public record KlarnaOrder(String orderId, String status, String fraudStatus, String currency, long orderAmount,
        long originalOrderAmount, long capturedAmount, long refundedAmount, long remainingAuthorizedAmount,
        Optional<Instant> expiresAt, String paymentMethodType, List<Capture> captures, List<RefundMade> refunds) {

    /** Klarna's default authorisation period (its Order Management documents); a merchant's agreement may set another. */
    static final Duration DEFAULT_AUTHORISATION_PERIOD = Duration.ofDays(28);

    public KlarnaOrder {
        captures = List.copyOf(captures);
        refunds = List.copyOf(refunds);
    }

    public record Capture(String captureId, long capturedAmount, String capturedAt) {}

    public record RefundMade(String refundId, long refundedAmount, String refundedAt) {}

    /** Reading an order: it, or why not (Klarna's refusal, or a failure to reach it). */
    public sealed interface Read {
        /** The order as Klarna holds it. */
        record Found(KlarnaOrder order) implements Read {}

        /** Not read: a {@link ProviderResult.Refused} or {@link ProviderResult.Transient}. */
        record Failed(ProviderResult result) implements Read {}
    }

    /** Klarna's order JSON; amounts Klarna left out count as 0. */
    static KlarnaOrder fromJson(JsonNode json) {
        List<Capture> captures = new ArrayList<>();
        for (JsonNode capture : json.path("captures")) {
            captures.add(new Capture(capture.path("capture_id").asText(""), capture.path("captured_amount").asLong(0),
                    capture.path("captured_at").asText("")));
        }
        List<RefundMade> refunds = new ArrayList<>();
        for (JsonNode refund : json.path("refunds")) {
            refunds.add(new RefundMade(refund.path("refund_id").asText(""), refund.path("refunded_amount").asLong(0),
                    refund.path("refunded_at").asText("")));
        }
        return new KlarnaOrder(json.path("order_id").asText(""), json.path("status").asText(""),
                json.path("fraud_status").asText(""), json.path("purchase_currency").asText(""),
                json.path("order_amount").asLong(0), json.path("original_order_amount").asLong(0),
                json.path("captured_amount").asLong(0), json.path("refunded_amount").asLong(0),
                json.path("remaining_authorized_amount").asLong(0), instant(json.path("expires_at")),
                json.path("initial_payment_method").path("type").asText(""), captures, refunds);
    }

    private static Optional<Instant> instant(JsonNode node) {
        if (!node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Klarna's status in orderhook's terms. {@code AUTHORIZED} is a reservation, unless Klarna's
     * fraud review still runs (PENDING: do not capture) or stopped it (REJECTED, STOPPED);
     * {@code PART_CAPTURED} and {@code CAPTURED} are captured, and refunded in full once
     * {@code refunded_amount} reaches {@code captured_amount}; {@code CANCELLED} is released.
     * {@code EXPIRED} (the authorisation lapsed) and {@code CLOSED} are what was captured before:
     * nothing captured is a released reservation. A status Klarna's reference does not list
     * decides nothing.
     */
    public PaymentState state() {
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "AUTHORIZED" -> switch (fraudStatus.toUpperCase(Locale.ROOT)) {
                case "PENDING" -> PaymentState.PENDING;
                case "REJECTED", "STOPPED" -> PaymentState.REJECTED;
                default -> PaymentState.RESERVED;
            };
            case "PART_CAPTURED", "CAPTURED" -> captured();
            case "EXPIRED", "CLOSED" -> capturedAmount > 0 ? captured() : PaymentState.CANCELLED;
            case "CANCELLED" -> PaymentState.CANCELLED;
            default -> PaymentState.AMBIGUOUS;
        };
    }

    private PaymentState captured() {
        return refundedAmount >= capturedAmount && capturedAmount > 0 ? PaymentState.CREDITED : PaymentState.ACTIVATED;
    }

    /**
     * The order as orderhook's {@link PaymentInfo}: the total is what was captured once anything
     * was, the current authorisation before; the credited amount is Klarna's
     * {@code refunded_amount}, so an unknown refund outcome can be decided.
     */
    public PaymentInfo paymentInfo() {
        String word = status;
        if (!fraudStatus.isEmpty() && !"ACCEPTED".equalsIgnoreCase(fraudStatus)) {
            word = status + ", fraud status " + fraudStatus;
        }
        PaymentState state = state();
        return new PaymentInfo(orderId, state, word, capturedAmount > 0 ? capturedAmount : orderAmount, refundedAmount,
                state == PaymentState.RESERVED || state == PaymentState.PENDING ? lapse() : null);
    }

    /**
     * Klarna's {@code expires_at}: captures are possible only until then. An order without it is
     * given Klarna's default authorisation period (28 days; a merchant's agreement may differ).
     */
    AuthorisationLapse lapse() {
        return expiresAt.map(at -> AuthorisationLapse.reported(at, "Klarna's expires_at"))
                .orElseGet(() -> AuthorisationLapse.after(DEFAULT_AUTHORISATION_PERIOD, "Klarna's default of 28 days"));
    }

    /** The id of the newest capture of {@code amount}, if Klarna lists one. */
    Optional<String> newestCaptureOf(long amount) {
        for (int i = captures.size() - 1; i >= 0; i--) {
            if (captures.get(i).capturedAmount() == amount && !captures.get(i).captureId().isEmpty()) {
                return Optional.of(captures.get(i).captureId());
            }
        }
        return Optional.empty();
    }

    /** The id of the newest refund of {@code amount}, if Klarna lists one. */
    Optional<String> newestRefundOf(long amount) {
        for (int i = refunds.size() - 1; i >= 0; i--) {
            if (refunds.get(i).refundedAmount() == amount && !refunds.get(i).refundId().isEmpty()) {
                return Optional.of(refunds.get(i).refundId());
            }
        }
        return Optional.empty();
    }
}
