package io.orderhook.testkit.klarna;

import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Klarna sandbox's own check of amounts and {@code order_lines}, written from Klarna's
 * reference ("Amount and tax conventions", "Validation rules that cause rejections"), not from
 * orderhook's client. Where the reference is unsure, the stricter reading (each marked
 * <b>Choice</b>):
 * <ul>
 * <li>amounts, quantities and rates are JSON integers; every amount at most 100 000 000 in size
 *     (the older spec's limit; the newer one allows 200 000 000) — <b>Choice</b>;</li>
 * <li>every line has {@code type} (<b>Choice</b>: the reference's default of {@code physical} is
 *     unverified), {@code name} (1 to 255 characters), {@code quantity} (0 to 100 000),
 *     {@code unit_price}, {@code tax_rate} (0 to 10000), {@code total_amount} and
 *     {@code total_tax_amount}; {@code total_discount_amount} is not negative;
 *     {@code return_fee} only in a refund;</li>
 * <li>{@code total_amount == quantity * unit_price - total_discount_amount} exactly;</li>
 * <li>{@code total_tax_amount} within one minor unit of
 *     {@code total_amount - total_amount * 10000 / (10000 + tax_rate)} — <b>Choice</b>: Klarna
 *     Payments' tolerance, taken for Order Management too;</li>
 * <li>the lines add up exactly to the operation's amount — <b>Choice</b>: documented as a hard
 *     rule only for refunds with a return fee;</li>
 * <li>a broken rule is {@code 400 BAD_VALUE} naming the field — <b>Choice</b> of code: Klarna
 *     Payments' code, unverified for Order Management.</li>
 * </ul>
 */
final class LineRules {
    private LineRules() {}

    static final long MAX_AMOUNT = 100_000_000L;
    private static final Set<String> TYPES = Set.of("physical", "digital", "discount", "shipping_fee", "sales_tax",
            "store_credit", "gift_card", "surcharge");

    /** A broken rule: the HTTP status, Klarna's error code and message. */
    record Violation(int status, String code, String message) {
        static Violation badValue(String field) {
            return new Violation(400, "BAD_VALUE", "Bad value: " + field);
        }

        static Violation badValue(String field, String why) {
            return new Violation(400, "BAD_VALUE", "Bad value: " + field + " (" + why + ")");
        }
    }

    /**
     * An amount field of a request body: present, an integer within Klarna's limit, at least
     * {@code minimum}.
     */
    static Optional<Violation> amount(JsonNode body, String field, long minimum) {
        JsonNode value = body.path(field);
        if (!isInteger(value)) {
            return Optional.of(Violation.badValue(field, value.isMissingNode() ? "missing" : "not an integer"));
        }
        long amount = value.asLong();
        if (amount < minimum || Math.abs(amount) > MAX_AMOUNT) {
            return Optional.of(Violation.badValue(field, "out of range"));
        }
        return Optional.empty();
    }

    /** An optional text field of at most {@code max} characters. */
    static Optional<Violation> text(JsonNode body, String field, int max) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().codePointCount(0, value.asText().length()) > max) {
            return Optional.of(Violation.badValue(field));
        }
        return Optional.empty();
    }

    /**
     * {@code order_lines} of a request whose amount is {@code amount} (field {@code amountField}).
     * Absent lines are fine where the operation allows it ({@code required} false).
     */
    static Optional<Violation> lines(JsonNode body, long amount, String amountField, boolean required, boolean refund) {
        JsonNode lines = body.path("order_lines");
        if (lines.isMissingNode() || lines.isNull()) {
            return required ? Optional.of(Violation.badValue("order_lines", "missing")) : Optional.empty();
        }
        if (!lines.isArray() || lines.size() > 1000) {
            return Optional.of(Violation.badValue("order_lines"));
        }
        long sum = 0;
        for (int i = 0; i < lines.size(); i++) {
            Optional<Violation> violation = line(lines.get(i), "order_lines[" + i + "]", refund);
            if (violation.isPresent()) {
                return violation;
            }
            sum += lines.get(i).path("total_amount").asLong();
        }
        if (sum != amount) {
            return Optional.of(Violation.badValue(amountField, "the order lines add up to " + sum + ", not to " + amount));
        }
        return Optional.empty();
    }

    private static Optional<Violation> line(JsonNode line, String at, boolean refund) {
        if (!line.isObject()) {
            return Optional.of(Violation.badValue(at));
        }
        String type = line.path("type").asText("");
        if (!line.path("type").isTextual() || !(TYPES.contains(type) || (refund && "return_fee".equals(type)))) {
            return Optional.of(Violation.badValue(at + ".type"));
        }
        JsonNode name = line.path("name");
        if (!name.isTextual() || name.asText().isBlank() || name.asText().codePointCount(0, name.asText().length()) > 255) {
            return Optional.of(Violation.badValue(at + ".name"));
        }
        for (String field : new String[] {"reference", "merchant_data"}) {
            Optional<Violation> text = text(line, field, "reference".equals(field) ? 255 : 1024);
            if (text.isPresent()) {
                return Optional.of(Violation.badValue(at + "." + field));
            }
        }
        if (text(line, "quantity_unit", 10).isPresent()) {
            return Optional.of(Violation.badValue(at + ".quantity_unit"));
        }
        for (String field : new String[] {"quantity", "unit_price", "tax_rate", "total_amount", "total_tax_amount"}) {
            if (!isInteger(line.path(field)) || Math.abs(line.path(field).asLong()) > MAX_AMOUNT) {
                return Optional.of(Violation.badValue(at + "." + field));
            }
        }
        JsonNode discountNode = line.path("total_discount_amount");
        if (!discountNode.isMissingNode() && (!isInteger(discountNode) || discountNode.asLong() < 0
                || discountNode.asLong() > MAX_AMOUNT)) {
            return Optional.of(Violation.badValue(at + ".total_discount_amount"));
        }
        long quantity = line.path("quantity").asLong();
        long unitPrice = line.path("unit_price").asLong();
        long taxRate = line.path("tax_rate").asLong();
        long total = line.path("total_amount").asLong();
        long discount = discountNode.asLong(0);
        long tax = line.path("total_tax_amount").asLong();
        if (quantity < 0 || quantity > 100_000) {
            return Optional.of(Violation.badValue(at + ".quantity"));
        }
        if (taxRate < 0 || taxRate > 10_000) {
            return Optional.of(Violation.badValue(at + ".tax_rate"));
        }
        if (total != quantity * unitPrice - discount) {
            return Optional.of(Violation.badValue(at + ".total_amount", "not quantity * unit_price - total_discount_amount"));
        }
        if (!taxWithinOne(total, taxRate, tax)) {
            return Optional.of(Violation.badValue(at + ".total_tax_amount"));
        }
        return Optional.empty();
    }

    /**
     * {@code |tax - (total - total * 10000 / (10000 + rate))| <= 1}, in integers:
     * {@code |tax * (10000 + rate) - total * rate| <= 10000 + rate}.
     */
    static boolean taxWithinOne(long total, long rate, long tax) {
        BigInteger denominator = BigInteger.valueOf(10_000 + rate);
        BigInteger difference = BigInteger.valueOf(tax).multiply(denominator)
                .subtract(BigInteger.valueOf(total).multiply(BigInteger.valueOf(rate)));
        return difference.abs().compareTo(denominator) <= 0;
    }

    /** An integral JSON number that fits a long (not a string, not 1.5, not 1.0e3 written as a float). */
    static boolean isInteger(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong();
    }
}
