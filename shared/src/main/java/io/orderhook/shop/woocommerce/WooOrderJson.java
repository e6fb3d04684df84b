package io.orderhook.shop.woocommerce;

import static io.orderhook.shop.woocommerce.WooFields.amount;
import static io.orderhook.shop.woocommerce.WooFields.gmtInstant;
import static io.orderhook.shop.woocommerce.WooFields.optionalBoolean;
import static io.orderhook.shop.woocommerce.WooFields.optionalText;
import static io.orderhook.shop.woocommerce.WooFields.quantity;
import static io.orderhook.shop.woocommerce.WooFields.requireObject;
import static io.orderhook.shop.woocommerce.WooFields.requiredId;
import static io.orderhook.shop.woocommerce.WooFields.requiredText;
import static io.orderhook.shop.woocommerce.WooFields.size;
import static io.orderhook.shop.woocommerce.WooFields.statusSlug;
import static io.orderhook.shop.woocommerce.WooTaxes.lineTaxes;
import static io.orderhook.shop.woocommerce.WooTaxes.taxRates;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.Customer;
import io.orderhook.order.Customer.Address;
import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.RefundRef;

/**
 * Reads WooCommerce REST v3 order and refund bodies into the shop-neutral order model.
 *
 * <p>Money: WooCommerce sends decimal strings (sometimes numbers); they become minor units of
 * the order's currency through {@link Money}. Line tax splits ({@code taxes[].total}) carry
 * more decimals than the rounded {@code total_tax}; they are kept with four extra digits.
 *
 * <p>Lines: {@code line_items} become {@link LineKind#PRODUCT}, {@code shipping_lines}
 * {@link LineKind#SHIPPING}, {@code fee_lines} {@link LineKind#FEE} and {@code coupon_lines}
 * {@link LineKind#COUPON}. A COUPON line is informational: WooCommerce has already taken its
 * discount off the product lines ({@code subtotal - total}), so its negative amounts must not
 * be added to the product lines again. The grand total is {@code total}.
 *
 * <p>Malformed input throws {@link MalformedOrderJsonException} naming the field.
 */
public final class WooOrderJson {
    private WooOrderJson() {}

    /** Extra digits kept for the unrounded per-rate tax split of a line. */
    static final int TAX_SPLIT_EXTRA_DIGITS = 4;

    /** An order body (webhook payload or {@code GET /orders/{id}}). */
    public static OrderSnapshot order(JsonNode body) {
        requireObject(body, "(order body)");
        String currency = requiredText(body, "currency", "currency");
        int decimals = Money.decimals(currency);

        List<OrderLine> lines = new ArrayList<>();
        lines.addAll(productLines(body.path("line_items"), "line_items", decimals, false));
        lines.addAll(shippingLines(body.path("shipping_lines"), "shipping_lines", decimals, false));
        lines.addAll(feeLines(body.path("fee_lines"), "fee_lines", decimals, false));
        lines.addAll(couponLines(body.path("coupon_lines"), decimals));

        return new OrderSnapshot(
                requiredId(body, "id", "id"),
                statusSlug(body),
                optionalText(body, "payment_method"),
                optionalText(body, "transaction_id"),
                currency,
                gmtInstant(body, "date_modified_gmt"),
                optionalBoolean(body, "prices_include_tax"),
                lines,
                taxRates(body.path("tax_lines"), lines, decimals),
                amount(body, "total", "total", decimals),
                amount(body, "total_tax", "total_tax", decimals),
                refundRefs(body.path("refunds"), decimals),
                meta(body.path("meta_data"), "meta_data"),
                optionalText(body, "number"),
                customer(body),
                optionalText(body, "payment_url"));
    }

    /** Billing and shipping as a provider's update needs them; absent objects give empty fields. */
    private static Customer customer(JsonNode body) {
        JsonNode billing = body.path("billing");
        JsonNode shipping = body.path("shipping");
        return new Customer(optionalText(billing, "email"), address(billing), address(shipping), "");
    }

    private static Address address(JsonNode node) {
        if (!node.isObject()) {
            return Address.NONE;
        }
        return new Address(optionalText(node, "first_name"), optionalText(node, "last_name"),
                optionalText(node, "company"), optionalText(node, "address_1"), optionalText(node, "address_2"),
                optionalText(node, "postcode"), optionalText(node, "city"), optionalText(node, "country"),
                optionalText(node, "phone"));
    }

    /**
     * A refund body ({@code GET /orders/{id}/refunds/{refundId}}), with amounts and
     * quantities made positive. A refund body carries no currency; amounts are read with the
     * body's {@code currency} when present, otherwise with two decimals (every currency
     * Billmate supports has two). Use {@link #refund(JsonNode, String)} when the order's
     * currency is known.
     */
    public static Refund refund(JsonNode body) {
        String currency = body != null && body.path("currency").isTextual() ? body.path("currency").asText() : null;
        return refund(body, currency);
    }

    /** A refund body read with the order's currency. */
    public static Refund refund(JsonNode body, String currency) {
        requireObject(body, "(refund body)");
        int decimals = currency == null ? 2 : Money.decimals(currency);
        List<OrderLine> lines = new ArrayList<>();
        lines.addAll(productLines(body.path("line_items"), "line_items", decimals, true));
        lines.addAll(shippingLines(body.path("shipping_lines"), "shipping_lines", decimals, true));
        lines.addAll(feeLines(body.path("fee_lines"), "fee_lines", decimals, true));
        // "amount" is positive in refund bodies; a negative one is read as its size all the same.
        long amount = Math.abs(amount(body, "amount", "amount", decimals));
        return new Refund(requiredId(body, "id", "id"), amount, lines, optionalText(body, "reason"),
                optionalBoolean(body, "refunded_payment"));
    }

    private static List<OrderLine> productLines(JsonNode items, String path, int decimals, boolean refund) {
        return rows(items, path, (item, at) -> line(refund, LineKind.PRODUCT,
                lineId(item, at, refund),
                optionalText(item, "sku"),
                optionalText(item, "name"),
                quantity(item, at + ".quantity"),
                amount(item, "subtotal", at + ".subtotal", decimals),
                amount(item, "total", at + ".total", decimals),
                amount(item, "total_tax", at + ".total_tax", decimals),
                lineTaxes(item.path("taxes"), at + ".taxes", decimals)));
    }

    private static List<OrderLine> shippingLines(JsonNode items, String path, int decimals, boolean refund) {
        return rows(items, path, (item, at) -> {
            long total = amount(item, "total", at + ".total", decimals);
            return line(refund, LineKind.SHIPPING,
                    lineId(item, at, refund),
                    optionalText(item, "method_id"),
                    optionalText(item, "method_title"),
                    BigDecimal.ONE, total, total,
                    amount(item, "total_tax", at + ".total_tax", decimals),
                    lineTaxes(item.path("taxes"), at + ".taxes", decimals));
        });
    }

    private static List<OrderLine> feeLines(JsonNode items, String path, int decimals, boolean refund) {
        return rows(items, path, (item, at) -> {
            long total = amount(item, "total", at + ".total", decimals);
            return line(refund, LineKind.FEE,
                    lineId(item, at, refund),
                    "",
                    optionalText(item, "name"),
                    BigDecimal.ONE, total, total,
                    amount(item, "total_tax", at + ".total_tax", decimals),
                    lineTaxes(item.path("taxes"), at + ".taxes", decimals));
        });
    }

    private static List<OrderLine> couponLines(JsonNode items, int decimals) {
        return rows(items, "coupon_lines", (item, at) -> {
            String code = optionalText(item, "code");
            long discount = amount(item, "discount", at + ".discount", decimals);
            long discountTax = amount(item, "discount_tax", at + ".discount_tax", decimals);
            return new OrderLine(LineKind.COUPON, requiredId(item, "id", at + ".id"), code, code,
                    1, -discount, -discount, -discountTax, List.of());
        });
    }

    /** Reads one row of a WooCommerce line array; {@code at} names it in errors ("fee_lines[2]"). */
    @FunctionalInterface
    private interface RowReader {
        OrderLine read(JsonNode item, String at);
    }

    private static List<OrderLine> rows(JsonNode items, String path, RowReader reader) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < size(items, path); i++) {
            JsonNode item = items.get(i);
            String at = path + "[" + i + "]";
            requireObject(item, at);
            lines.add(reader.read(item, at));
        }
        return lines;
    }

    /** Refund rows are negative in WooCommerce; orderhook's Refund has them positive. */
    private static OrderLine line(boolean refund, LineKind kind, String id, String sku, String name,
            BigDecimal quantity, long subtotal, long total, long totalTax, List<LineTax> taxes) {
        if (!refund) {
            return new OrderLine(kind, id, sku, name, quantity, subtotal, total, totalTax, taxes);
        }
        List<LineTax> positive = taxes.stream().map(t -> new LineTax(t.rateId(), Math.abs(t.amount()))).toList();
        return new OrderLine(kind, id, sku, name, quantity.abs(), Math.abs(subtotal), Math.abs(total),
                Math.abs(totalTax), positive);
    }

    /** A refund row points at the order row it refunds through the meta {@code _refunded_item_id}. */
    private static String lineId(JsonNode item, String at, boolean refund) {
        if (refund) {
            String refunded = meta(item.path("meta_data"), at + ".meta_data").get("_refunded_item_id");
            if (refunded != null && !refunded.isBlank()) {
                return refunded;
            }
        }
        return requiredId(item, "id", at + ".id");
    }

    /** {@code refunds[]} lists totals negative; the reason is "reason" (older docs: "refund"). */
    private static List<RefundRef> refundRefs(JsonNode refunds, int decimals) {
        List<RefundRef> result = new ArrayList<>();
        for (int i = 0; i < size(refunds, "refunds"); i++) {
            JsonNode refund = refunds.get(i);
            String at = "refunds[" + i + "]";
            requireObject(refund, at);
            String reason = refund.has("reason") ? optionalText(refund, "reason") : optionalText(refund, "refund");
            result.add(new RefundRef(requiredId(refund, "id", at + ".id"),
                    Math.abs(amount(refund, "total", at + ".total", decimals)), reason));
        }
        return result;
    }

    /** String-valued meta only (numbers and booleans as their text); objects and arrays are skipped. */
    private static Map<String, String> meta(JsonNode metaData, String path) {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < size(metaData, path); i++) {
            JsonNode entry = metaData.get(i);
            String at = path + "[" + i + "]";
            requireObject(entry, at);
            JsonNode key = entry.path("key");
            if (!key.isTextual()) {
                throw new MalformedOrderJsonException(at + ".key", "a text key was expected");
            }
            JsonNode value = entry.path("value");
            if (value.isValueNode() && !value.isNull()) {
                result.put(key.asText(), value.asText());
            }
        }
        return result;
    }


}
