package io.orderhook.shop.woocommerce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.Money;

/**
 * Reading one field of a WooCommerce body: each reader names the field's path when the value is
 * missing or not what WooCommerce sends ({@link MalformedOrderJsonException}).
 */
final class WooFields {
    private WooFields() {}

    static String statusSlug(JsonNode body) {
        String status = requiredText(body, "status", "status");
        return status.startsWith("wc-") ? status.substring(3) : status;
    }

    /** WooCommerce's *_gmt dates have no zone suffix ("2017-03-22T19:28:08"); some proxies add one. */
    static Instant gmtInstant(JsonNode body, String field) {
        String text = requiredText(body, field, field);
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new MalformedOrderJsonException(field, "\"" + text + "\" is not a date-time like 2017-03-22T19:28:08");
            }
        }
    }

    static long amount(JsonNode node, String name, String path, int decimals) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            throw new MalformedOrderJsonException(path, "the amount is missing");
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new MalformedOrderJsonException(path, "an amount as a decimal string was expected");
        }
        if (value.isTextual() && value.asText().isBlank()) {
            // WooCommerce leaves amounts of untaxed rows as "" in some versions.
            return 0;
        }
        try {
            return Money.parse(value.isNumber() ? value.decimalValue().toPlainString() : value.asText(), decimals);
        } catch (IllegalArgumentException e) {
            throw new MalformedOrderJsonException(path, e.getMessage());
        }
    }

    /** WooCommerce core sells whole units; weight and measurement plugins store decimals ("3.5"). */
    static BigDecimal quantity(JsonNode item, String path) {
        JsonNode value = item.path("quantity");
        BigDecimal quantity;
        try {
            if (value.isNumber()) {
                quantity = value.decimalValue();
            } else if (value.isTextual()) {
                quantity = new BigDecimal(value.asText().trim());
            } else {
                throw new MalformedOrderJsonException(path, "the quantity is missing");
            }
            return quantity;
        } catch (NumberFormatException e) {
            throw new MalformedOrderJsonException(path, "\"" + value.asText() + "\" is not a number");
        }
    }

    static String requiredId(JsonNode node, String name, String path) {
        JsonNode value = node.path(name);
        if (value.isIntegralNumber() || (value.isTextual() && !value.asText().isBlank())) {
            return value.asText();
        }
        throw new MalformedOrderJsonException(path, value.isMissingNode() ? "the id is missing" : "an id was expected");
    }

    static String requiredText(JsonNode node, String name, String path) {
        JsonNode value = node.path(name);
        if (value.isTextual() && !value.asText().isBlank()) {
            return value.asText();
        }
        throw new MalformedOrderJsonException(path, value.isMissingNode() || value.isNull()
                ? "the field is missing" : "a non-empty text was expected");
    }

    static String optionalText(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isValueNode() && !value.isNull() ? value.asText() : "";
    }

    static boolean optionalBoolean(JsonNode node, String name) {
        JsonNode value = node.path(name);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return "true".equals(value.asText()) || "1".equals(value.asText());
    }

    static int size(JsonNode array, String path) {
        if (array.isMissingNode() || array.isNull()) {
            return 0;
        }
        if (!array.isArray()) {
            throw new MalformedOrderJsonException(path, "a list was expected");
        }
        return array.size();
    }

    static void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new MalformedOrderJsonException(path, "a JSON object was expected");
        }
    }
}
