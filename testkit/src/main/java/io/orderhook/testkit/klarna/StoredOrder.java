package io.orderhook.testkit.klarna;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.orderhook.testkit.klarna.KlarnaSandbox.Movement;

/** An order as the Klarna sandbox keeps it; changed only under the order book's lock. */
final class StoredOrder {
    String id;
    String merchant;
    String status;
    String fraudStatus;
    String paymentMethodType;
    String currency;
    String country;
    String locale;
    String merchantReference1 = "";
    String merchantReference2 = "";
    long orderAmount;
    long originalOrderAmount;
    long capturedAmount;
    long refundedAmount;
    boolean released;
    JsonNode lines = JsonNodeFactory.instance.arrayNode();
    Instant createdAt;
    Instant expiresAt;
    final List<Movement> captures = new ArrayList<>();
    final List<Movement> refunds = new ArrayList<>();

    /** AUTHORIZED or PART_CAPTURED: the authorisation is still open. */
    boolean open() {
        return "AUTHORIZED".equals(status) || "PART_CAPTURED".equals(status);
    }

    /** What can still be captured: nothing once released, cancelled, expired or closed. */
    long remaining() {
        return open() && !released ? Math.max(0, orderAmount - capturedAmount) : 0;
    }

    /** An authorisation whose time has come is EXPIRED when next looked at. */
    void refresh(Instant now) {
        if (open() && !now.isBefore(expiresAt)) {
            status = "EXPIRED";
        }
    }

    KlarnaSandbox.Order snapshot() {
        return new KlarnaSandbox.Order(id, merchant, status, fraudStatus, currency, orderAmount, originalOrderAmount,
                capturedAmount, refundedAmount, remaining(), expiresAt, paymentMethodType, lines.deepCopy(),
                List.copyOf(captures), List.copyOf(refunds));
    }
}
