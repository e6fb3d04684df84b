package io.orderhook.testkit.billmate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.woocommerce.RealOrderFiles;

/**
 * The real WooCommerce 10.0.2 orders in testkit's {@code woocommerce-orders/} ({@link RealOrderFiles}) (see the
 * README there): each file holds an order and its refunds as WooCommerce's REST API answered them.
 */
record RealOrders(String file, JsonNode orderJson, List<JsonNode> refundJson) {

    @Override
    public String toString() {
        return file;
    }

    OrderSnapshot order() {
        return WooOrderJson.order(orderJson);
    }

    /** The refunds oldest first (WooCommerce lists them newest first). */
    List<Refund> refunds() {
        String currency = orderJson.path("currency").asText();
        return refundJson.stream().map(json -> WooOrderJson.refund(json, currency)).toList();
    }

    /** The order's tax per rate as its {@code tax_lines} give it: {@code tax_total + shipping_tax_total}. */
    TaxSplit taxLines() {
        TaxSplit split = TaxSplit.EMPTY;
        for (JsonNode line : orderJson.path("tax_lines")) {
            long tax = minor(line.path("tax_total").asText()) + minor(line.path("shipping_tax_total").asText());
            split = split.plus(TaxSplit.of(new BigDecimal(line.path("rate_percent").asText()), 0, tax));
        }
        return split;
    }

    static long minor(String decimal) {
        return new BigDecimal(decimal).movePointRight(2).longValueExact();
    }

    /** One fixture by its order id ("25"). */
    static RealOrders order(String orderId) {
        return read(RealOrderFiles.name(orderId));
    }

    /** Every fixture file, by order id. */
    static Stream<RealOrders> all() {
        return RealOrderFiles.names().stream().map(RealOrders::read);
    }

    /** What the Billmate sandbox books per rate for a request's rows ({@link CartVat#split}), as a TaxSplit. */
    static TaxSplit sandboxSplit(JsonNode data) {
        TaxSplit split = TaxSplit.EMPTY;
        for (var rate : CartVat.split(data).byRate().entrySet()) {
            split = split.plus(TaxSplit.of(rate.getKey(), rate.getValue().net(), rate.getValue().tax()));
        }
        return split;
    }

    private static RealOrders read(String file) {
        JsonNode root = RealOrderFiles.read(file);
        List<JsonNode> refunds = new ArrayList<>();
        root.path("refunds").forEach(refunds::add);
        refunds.sort(Comparator.comparingLong(r -> r.path("id").asLong()));
        return new RealOrders(file, root.path("order"), List.copyOf(refunds));
    }
}
