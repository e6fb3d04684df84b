package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real-shaped WooCommerce REST v3 bodies for tests and local mode:
 * <ul>
 * <li>{@code order-tax-exclusive-coupon-fee.json}: prices without tax, 25/12/6 % with
 *     {@code rate_percent}, a 10 % coupon, shipping and a fee (order 1234, payment 1000235)</li>
 * <li>{@code order-tax-inclusive-no-rate-percent.json}: prices with tax, an older shop without
 *     {@code rate_percent}, lines whose tax rounds (order 2345, two refunds listed)</li>
 * <li>{@code refund-901-one-cup.json}, {@code refund-902-amount-only.json},
 *     {@code refund-903-tea-and-shipping.json}: refunds of order 2345</li>
 * </ul>
 */
public final class WooFixtures {
    private WooFixtures() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A fresh, mutable copy of a fixture. */
    public static ObjectNode read(String name) {
        return (ObjectNode) parse(text(name));
    }

    /** The fixture's exact text, as a webhook body. */
    public static String text(String name) {
        try (InputStream in = WooFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no WooCommerce fixture named " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
