package io.orderhook.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderSnapshot;

/** A short fingerprint of what the provider must hold for an order: its lines and totals. */
public final class OrderLines {
    private OrderLines() {}

    /**
     * Hex SHA-256 (first 16 bytes) over the lines' kind, id, sku, quantity and amounts and the
     * order totals. Names are left out: renaming a product does not change the reservation.
     */
    public static String hash(OrderSnapshot order) {
        return hash(order, java.util.List.of());
    }

    /**
     * The fingerprint of a reservation that holds the order less the refunds {@code takenOff}
     * (made before activation); equal to {@link #hash(OrderSnapshot)} when there are none.
     */
    public static String hash(OrderSnapshot order, java.util.List<String> takenOff) {
        StringBuilder canonical = new StringBuilder();
        for (OrderLine line : order.lines()) {
            canonical.append(line.kind()).append('|').append(line.lineId()).append('|').append(line.sku())
                    .append('|').append(line.quantity()).append('|').append(line.total())
                    .append('|').append(line.totalTax()).append('\n');
        }
        canonical.append("total|").append(order.total()).append('|').append(order.totalTax());
        if (!takenOff.isEmpty()) {
            canonical.append("\nless refunds|").append(String.join(",", takenOff));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
