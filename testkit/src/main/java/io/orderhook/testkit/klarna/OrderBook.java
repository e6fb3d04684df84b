package io.orderhook.testkit.klarna;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.klarna.KlarnaOrderJson.Kind;

/**
 * The Klarna sandbox's orders: the authorisations the customer's side handed out, placing an
 * order with one, running each Order Management call on a merchant's order ({@link OrderRules})
 * and the changes Klarna makes on its own (fraud review, expiry, closing). Thread-safe: everything
 * runs under the book's lock.
 */
final class OrderBook {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the customer authorised in Klarna's widget, which the order placed with its token gets. */
    private record Authorization(String paymentMethodType, String fraudStatus) {}

    private final Map<String, StoredOrder> orders = new HashMap<>();
    private final Map<String, Authorization> tokens = new HashMap<>();
    private final Supplier<Instant> clock;
    private Duration authorizationPeriod = Duration.ofDays(28);
    private boolean refuseIncreases;

    OrderBook(Supplier<Instant> clock) {
        this.clock = clock;
    }

    synchronized String authorizationToken(String paymentMethodType, String fraudStatus) {
        String token = UUID.randomUUID().toString();
        tokens.put(token, new Authorization(paymentMethodType, fraudStatus));
        return token;
    }

    synchronized void setFraudStatus(String orderId, String fraudStatus) {
        stored(orderId).fraudStatus = fraudStatus;
    }

    synchronized void expire(String orderId) {
        stored(orderId).expiresAt = clock.get();
    }

    synchronized void close(String orderId) {
        stored(orderId).status = "CLOSED";
    }

    synchronized void authorizationPeriod(Duration period) {
        authorizationPeriod = period;
    }

    synchronized void refuseIncreases(boolean refuse) {
        refuseIncreases = refuse;
    }

    synchronized Optional<KlarnaSandbox.Order> order(String orderId) {
        StoredOrder stored = orders.get(orderId);
        if (stored == null) {
            return Optional.empty();
        }
        stored.refresh(clock.get());
        return Optional.of(stored.snapshot());
    }

    private StoredOrder stored(String orderId) {
        StoredOrder stored = orders.get(orderId);
        if (stored == null) {
            throw new IllegalArgumentException("the sandbox has no order " + orderId);
        }
        return stored;
    }

    /**
     * Runs an authenticated merchant's call.
     *
     * @param mountedUrl where the API is served ({@code http://host/prefix}), for the {@code Location} headers
     */
    synchronized KlarnaAnswer apply(String merchant, KlarnaRoute route, String body, String mountedUrl) {
        JsonNode json = JsonNodeFactory.instance.objectNode();
        if (!body.isBlank()) {
            try {
                json = MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                return KlarnaAnswer.error(400, "BAD_VALUE", "Bad value: the request body is not JSON");
            }
            if (json == null || !json.isObject()) {
                return KlarnaAnswer.error(400, "BAD_VALUE", "Bad value: the request body is not a JSON object");
            }
        }
        if ("place_order".equals(route.operation())) {
            return placeOrder(merchant, route.orderId(), json);
        }
        StoredOrder order = orders.get(route.orderId());
        if (order == null || !order.merchant.equals(merchant)) {
            return KlarnaAnswer.error(404, "NO_SUCH_ORDER", "The order " + route.orderId() + " does not exist");
        }
        Instant now = clock.get();
        order.refresh(now);
        String base = mountedUrl + "/ordermanagement/v1/orders/" + order.id;
        return switch (route.operation()) {
            case "get_order" -> KlarnaAnswer.ok(KlarnaOrderJson.order(order).toString());
            case "capture" -> OrderRules.capture(order, json, base, now);
            case "get_captures" -> KlarnaAnswer.ok(KlarnaOrderJson.movements(order.captures, Kind.CAPTURE).toString());
            case "get_capture" -> movement(order, route, Kind.CAPTURE, "NO_SUCH_CAPTURE");
            case "refund" -> OrderRules.refund(order, json, base, now);
            case "get_refund" -> movement(order, route, Kind.REFUND, "NOT_FOUND");
            case "cancel" -> OrderRules.cancel(order);
            case "update_authorization" -> OrderRules.updateAuthorization(order, json, refuseIncreases);
            case "extend_authorization_time" -> OrderRules.extend(order, now, authorizationPeriod);
            case "release_remaining_authorization" -> OrderRules.releaseRemaining(order);
            case "acknowledge" -> OrderRules.acknowledge(order);
            case "update_merchant_references" -> OrderRules.merchantReferences(order, json);
            default -> KlarnaAnswer.error(404, "NOT_FOUND", "No resource " + route.operation());
        };
    }

    /** Klarna Payments' {@code POST /payments/v1/authorizations/{token}/order}: the checkout places the order. */
    private KlarnaAnswer placeOrder(String merchant, String token, JsonNode json) {
        Optional<LineRules.Violation> violation = LineRules.amount(json, "order_amount", 1)
                .or(() -> LineRules.lines(json, json.path("order_amount").asLong(), "order_amount", true, false))
                .or(() -> LineRules.amount(json, "order_tax_amount", Long.MIN_VALUE / 2))
                .or(() -> orderTax(json));
        if (json.path("purchase_currency").asText("").length() != 3) {
            violation = Optional.of(LineRules.Violation.badValue("purchase_currency"));
        }
        if (violation.isPresent()) {
            return KlarnaAnswer.error(violation.get());
        }
        // Orders placed with a token Klarna did not hand out are INVOICE and ACCEPTED.
        Authorization authorization = tokens.getOrDefault(token, new Authorization("INVOICE", "ACCEPTED"));
        if ("REJECTED".equals(authorization.fraudStatus())) {
            return KlarnaAnswer.error(403, "REJECTED", "The purchase was rejected");
        }
        StoredOrder order = new StoredOrder();
        order.id = UUID.randomUUID().toString();
        order.merchant = merchant;
        order.status = "AUTHORIZED";
        order.fraudStatus = authorization.fraudStatus();
        order.paymentMethodType = authorization.paymentMethodType();
        order.currency = json.path("purchase_currency").asText();
        order.country = json.path("purchase_country").asText("SE");
        order.locale = json.path("locale").asText("sv-SE");
        order.orderAmount = json.path("order_amount").asLong();
        order.originalOrderAmount = order.orderAmount;
        order.lines = json.path("order_lines").deepCopy();
        order.merchantReference1 = json.path("merchant_reference1").asText("");
        order.createdAt = clock.get();
        order.expiresAt = order.createdAt.plus(authorizationPeriod);
        orders.put(order.id, order);
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("order_id", order.id)
                .put("redirect_url", "https://sandbox.invalid/confirmation/" + order.id)
                .put("fraud_status", order.fraudStatus);
        answer.putObject("authorized_payment_method").put("type", order.paymentMethodType);
        return KlarnaAnswer.ok(answer.toString());
    }

    /** Klarna Payments: the order's tax is its lines' tax, within one minor unit per line. */
    private static Optional<LineRules.Violation> orderTax(JsonNode json) {
        long sum = 0;
        for (JsonNode line : json.path("order_lines")) {
            sum += line.path("total_tax_amount").asLong();
        }
        return Math.abs(sum - json.path("order_tax_amount").asLong()) > json.path("order_lines").size()
                ? Optional.of(LineRules.Violation.badValue("order_tax_amount")) : Optional.empty();
    }

    private static KlarnaAnswer movement(StoredOrder order, KlarnaRoute route, Kind kind, String notFound) {
        return (kind == Kind.CAPTURE ? order.captures : order.refunds).stream()
                .filter(m -> m.id().equals(route.part())).findFirst()
                .map(m -> KlarnaAnswer.ok(KlarnaOrderJson.movement(m, kind).toString()))
                .orElseGet(() -> KlarnaAnswer.error(404, notFound, kind.idField.replace("_id", "") + " " + route.part()
                        + " cannot be found for order " + route.orderId()));
    }
}
