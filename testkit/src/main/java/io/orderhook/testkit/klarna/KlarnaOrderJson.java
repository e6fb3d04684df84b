package io.orderhook.testkit.klarna;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.klarna.KlarnaSandbox.Movement;

/** An order, its captures and its refunds as Klarna's Order Management API answers them (reference §5.1). */
final class KlarnaOrderJson {
    private KlarnaOrderJson() {}

    /** A capture's or a refund's field names: {@code capture_id}, {@code captured_amount}, {@code captured_at}. */
    enum Kind {
        CAPTURE("capture_id", "captured_amount", "captured_at"),
        REFUND("refund_id", "refunded_amount", "refunded_at");

        final String idField;
        final String amountField;
        final String atField;

        Kind(String idField, String amountField, String atField) {
            this.idField = idField;
            this.amountField = amountField;
            this.atField = atField;
        }
    }

    /** The order as {@code GET} answers it, with a test customer's details. */
    static ObjectNode order(StoredOrder order) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("order_id", order.id)
                .put("status", order.status)
                .put("fraud_status", order.fraudStatus)
                .put("order_amount", order.orderAmount)
                .put("original_order_amount", order.originalOrderAmount)
                .put("captured_amount", order.capturedAmount)
                .put("refunded_amount", order.refundedAmount)
                .put("remaining_authorized_amount", order.remaining())
                .put("purchase_currency", order.currency)
                .put("locale", order.locale)
                .put("purchase_country", order.country);
        json.set("order_lines", order.lines.deepCopy());
        json.put("merchant_reference1", order.merchantReference1)
                .put("merchant_reference2", order.merchantReference2)
                .put("klarna_reference", order.id.substring(0, 8).toUpperCase(Locale.ROOT))
                .put("expires_at", order.expiresAt.truncatedTo(ChronoUnit.MILLIS).toString())
                .put("created_at", order.createdAt.truncatedTo(ChronoUnit.MILLIS).toString());
        json.set("captures", movements(order.captures, Kind.CAPTURE));
        json.set("refunds", movements(order.refunds, Kind.REFUND));
        json.putObject("initial_payment_method").put("type", order.paymentMethodType)
                .put("description", "Sandbox " + order.paymentMethodType).put("number_of_installments", 0);
        json.putObject("billing_address").put("given_name", "Tess").put("family_name", "Persson")
                .put("email", "tess.persson@example.com").put("street_address", "Sveavägen 44")
                .put("postal_code", "11134").put("city", "Stockholm").put("country", order.country)
                .put("phone", "+46701740615");
        json.set("shipping_address", json.path("billing_address").deepCopy());
        json.putObject("customer").put("date_of_birth", "1990-01-01").put("national_identification_number", "199001012384");
        return json;
    }

    static ArrayNode movements(List<Movement> movements, Kind kind) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        movements.forEach(m -> list.add(movement(m, kind)));
        return list;
    }

    static ObjectNode movement(Movement movement, Kind kind) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put(kind.idField, movement.id())
                .put(kind.amountField, movement.amount())
                .put(kind.atField, movement.at().truncatedTo(ChronoUnit.MILLIS).toString());
        if (!movement.description().isEmpty()) {
            json.put("description", movement.description());
        }
        if (!movement.reference().isEmpty()) {
            json.put("reference", movement.reference());
        }
        json.set("order_lines", movement.lines().deepCopy());
        return json;
    }
}
