package io.orderhook.testkit.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The simulator tells the same stories as the real WooCommerce 10.0.2 shop behind the fixtures in
 * {@code woocommerce-orders/} (same rates, products and prices), and its JSON matches the real
 * JSON field by field where money is concerned: amount strings, tax splits per rate, tax lines,
 * refund rows with {@code _refunded_item_id}, and WooCommerce's own zero refund.
 */
class ShopSimulatorRealShapesTest {

    private ShopSimulator shop;

    @AfterEach
    void close() {
        if (shop != null) {
            shop.close();
        }
    }

    /** The fixtures' shop: 25 % standard (id 1, shipping too), 12 % reduced (2), 6 % (3). */
    private ShopSimulator realShop(UnaryOperator<ShopSimulator.Builder> settings) {
        shop = settings.apply(ShopSimulator.builder()
                .taxRate(TaxRateSpec.of(1, "SE", "Moms", "25", ""))
                .taxRate(TaxRateSpec.of(2, "SE", "Moms 12", "12", "reduced-rate"))
                .taxRate(TaxRateSpec.of(3, "SE", "Moms 6", "6", "zero-rate"))).build();
        return shop;
    }

    private static NewOrder kaffeBokTidning(long kaffe, long bok, long tidning, String kaffePrice, String bokPrice,
            String tidningPrice) {
        return NewOrder.paidWith("bco").transactionId("1000236")
                .product("MOMS25-9990", "Kaffe 25", kaffe, kaffePrice, "")
                .product("MOMS12-3333", "Bok 12", bok, bokPrice, "reduced-rate")
                .product("MOMS6-050", "Tidning 6", tidning, tidningPrice, "zero-rate")
                .shipping("Flat rate", "49.00");
    }

    @Test
    void aNegativeFeeOnPricesWithTaxIsTaxedOverTheThreeRatesAsInOrder46() {
        ShopSimulator sim = realShop(b -> b.pricesIncludeTax(true));
        String id = sim.createOrder(kaffeBokTidning(2, 1, 3, "99.90", "33.33", "0.50").fee("Rabatt", "-20.00"));

        JsonNode order = sim.order(id);
        assertSameMoney(fixture("46").path("order"), order);
        assertEquals("-4.35", order.at("/fee_lines/0/taxes/0/total").asText());
        assertEquals("-0.30", order.at("/fee_lines/0/taxes/1/total").asText());
        assertEquals("-0.01", order.at("/fee_lines/0/taxes/2/total").asText());
        assertEquals("271.22", order.get("total").asText());
    }

    @Test
    void aNegativeFeeOnPricesWithoutTaxIsTaxedOverTheThreeRatesAsInOrder59() {
        ShopSimulator sim = realShop(b -> b);
        String id = sim.createOrder(kaffeBokTidning(2, 1, 3, "99.90", "33.33", "0.50").fee("Rabatt", "-20.00"));

        assertSameMoney(fixture("59").path("order"), sim.order(id));
    }

    @Test
    void aNegativeFeeOnAnOrderOfOneRateIsTaxedAtThatRateAsInOrder60() {
        ShopSimulator sim = realShop(b -> b);
        String id = sim.createOrder(NewOrder.paidWith("bco").product("MOMS25-9990", "Kaffe 25", 2, "99.90", "")
                .product("MOMS25-1999", "Kopp 25", 1, "19.99", "").shipping("Flat rate", "49.00").fee("Rabatt", "-20.00"));

        assertSameMoney(fixture("60").path("order"), sim.order(id));
    }

    @Test
    void roundingAtSubtotalGivesTheShopsTaxLinesAndTheLastRefundWooCommercesZeroRefundAsInOrder61() {
        ShopSimulator sim = realShop(b -> b.roundTaxAtSubtotal(true));
        String id = sim.createOrder(NewOrder.paidWith("bco").transactionId("1000236")
                .product("MOMS25-1999", "Kopp 25", 1, "19.99", "").product("MOMS25-1999", "Kopp 25", 1, "19.99", "")
                .product("MOMS25-1999", "Kopp 25", 1, "19.99", "").product("MOMS12-3333", "Bok 12", 1, "33.33", "reduced-rate")
                .shipping("Flat rate", "49.00"));
        sim.setStatus(id, "completed");
        String firstCup = sim.order(id).at("/line_items/0/id").asText();

        String line = sim.refund(id, RefundSpec.lines().line(firstCup, 1));
        String rest = sim.refund(id, RefundSpec.amount("148.55").reason("the rest"));

        JsonNode real = fixture("61");
        JsonNode order = sim.order(id);
        assertSameMoney(real.path("order"), order);
        assertEquals("31.24", order.get("total_tax").asText(), "the shop's tax, not the lines' 31.25");
        assertEquals("refunded", order.get("status").asText());
        // 173.54 - (24.99 + 148.55) is -2.8e-14 in PHP's floats: WooCommerce refunds "-0" itself. (The real
        // shop lists refunds of the same second in id order, 63 before 64; the simulator lists them
        // strictly newest first.)
        assertEquals(List.of("-0.00", "-148.55", "-24.99"), texts(order.get("refunds"), "total"));
        assertEquals(List.of("Order fully refunded.", "the rest", ""), texts(order.get("refunds"), "reason"));
        String zero = order.at("/refunds/0/id").asText();
        // The fixture's refund bodies: 64 (the zero refund), 63 (the rest), 62 (the cup).
        assertSameRefund(real.at("/refunds/2"), sim.refundJson(id, line), firstCup);
        assertSameRefund(real.at("/refunds/1"), sim.refundJson(id, rest), firstCup);
        assertSameRefund(real.at("/refunds/0"), sim.refundJson(id, zero), firstCup);
        assertEquals("0.00", sim.refundJson(id, zero).get("amount").asText());
    }

    @Test
    void refundsOfRowsShippingAnAmountAndTheRestAreTheRealRefundsOfOrder25WithoutAZeroRefund() {
        ShopSimulator sim = realShop(b -> b.pricesIncludeTax(true));
        String id = sim.createOrder(kaffeBokTidning(3, 2, 3, "99.90", "33.33", "0.50"));
        sim.setStatus(id, "completed");
        JsonNode created = sim.order(id);
        String kaffe = created.at("/line_items/0/id").asText();
        String shipping = created.at("/shipping_lines/0/id").asText();

        List<String> refunds = List.of(
                sim.refund(id, RefundSpec.lines().line(kaffe, 1).reason("one coffee")),
                sim.refund(id, RefundSpec.lines().wholeLine(shipping).reason("shipping")),
                sim.refund(id, RefundSpec.amount("10.01").reason("goodwill")),
                sim.refund(id, RefundSpec.amount("257.95").reason("the rest")));

        JsonNode real = fixture("25");
        JsonNode order = sim.order(id);
        assertSameMoney(real.path("order"), order);
        assertEquals("refunded", order.get("status").asText());
        assertEquals(4, order.get("refunds").size(), "429.11 - 429.11 is exactly 0.0: no refund of WooCommerce's own");
        for (int i = 0; i < refunds.size(); i++) {
            // The fixture lists the refunds newest first.
            assertSameRefund(real.at("/refunds/" + (3 - i)), sim.refundJson(id, refunds.get(i)),
                    i == 1 ? shipping : kaffe);
        }
    }

    @Test
    void aPositiveFloatCrumbMakesNoZeroRefundAsInOrder30() {
        ShopSimulator sim = realShop(b -> b.pricesIncludeTax(true));
        String id = sim.createOrder(kaffeBokTidning(3, 2, 3, "99.90", "33.33", "0.50"));
        JsonNode created = sim.order(id);
        sim.refund(id, RefundSpec.lines().line(created.at("/line_items/1/id").asText(), 1));
        sim.refund(id, RefundSpec.lines().line(created.at("/line_items/2/id").asText(), 2));
        sim.refund(id, RefundSpec.amount("10.01"));
        sim.refund(id, RefundSpec.amount("384.77").reason("the rest"));

        JsonNode order = sim.order(id);
        // 429.11 - (33.33 + 1.00 + 10.01 + 384.77) is +5.7e-14: wc_format_decimal makes it "0", and PHP takes "0" as false.
        assertEquals(List.of("-384.77", "-10.01", "-1.00", "-33.33"), texts(order.get("refunds"), "total"));
        assertEquals("refunded", order.get("status").asText());
        assertSameMoney(fixture("30").path("order"), order);
    }

    @Test
    void theMerchantSettingRefundedMakesWooCommerceRefundWhatIsLeft() {
        ShopSimulator sim = realShop(b -> b);
        String id = sim.createOrder(NewOrder.paidWith("bco").product("MOMS25-1999", "Kopp 25", 2, "19.99", ""));
        sim.refund(id, RefundSpec.amount("10.00"));

        sim.setStatus(id, "refunded");

        JsonNode order = sim.order(id);
        assertEquals("49.98", order.get("total").asText());
        assertEquals(List.of("-39.98", "-10.00"), texts(order.get("refunds"), "total"));
        assertEquals("Order fully refunded.", order.at("/refunds/0/reason").asText());
        assertTrue(sim.notes(id).stream().anyMatch(n -> n.note().startsWith("Order status set to refunded.")));
    }

    @Test
    void theFloatTextIsWcFormatDecimalOfAPhpFloat() {
        assertEquals("-0", ShopRefunds.phpFormatDecimal(173.54 - (24.99 + 148.55)));
        assertEquals("0", ShopRefunds.phpFormatDecimal(429.11 - (33.33 + 1.00 + 10.01 + 384.77)));
        assertEquals("0", ShopRefunds.phpFormatDecimal(0.0));
        assertEquals("39.97", ShopRefunds.phpFormatDecimal(49.97 - 10.00));
    }

    @Test
    void aRowSoldByWeightKeepsItsDecimalQuantityInTheOrderAndItsRefunds() {
        ShopSimulator sim = realShop(b -> b);
        String id = sim.createOrder(NewOrder.paidWith("bco")
                .product("OST-KG", "Ost per kg", new BigDecimal("3.5"), "120.00", "reduced-rate"));
        JsonNode order = sim.order(id);
        assertEquals("3.5", order.at("/line_items/0/quantity").asText());
        assertTrue(order.at("/line_items/0/quantity").isNumber());
        assertEquals("420.00", order.at("/line_items/0/total").asText());
        assertEquals("50.40", order.at("/line_items/0/total_tax").asText());
        assertEquals("470.40", order.get("total").asText());

        String refund = sim.refund(id, RefundSpec.lines().line(order.at("/line_items/0/id").asText(), new BigDecimal("1.5")));
        JsonNode row = sim.refundJson(id, refund).at("/line_items/0");
        assertEquals("-1.5", row.get("quantity").asText());
        assertEquals("-180.00", row.get("total").asText());
        assertEquals("-21.60", row.get("total_tax").asText());
        assertEquals("201.60", sim.refundJson(id, refund).get("amount").asText());
    }

    // ---- comparing with the real JSON -------------------------------------------------------------

    private static final List<String> ORDER_MONEY = List.of("currency", "prices_include_tax", "discount_total",
            "discount_tax", "shipping_total", "shipping_tax", "cart_tax", "total", "total_tax");
    private static final List<String> LINE_MONEY = List.of("name", "sku", "quantity", "tax_class", "subtotal",
            "subtotal_tax", "total", "total_tax");
    private static final List<String> SHIPPING_MONEY = List.of("method_title", "method_id", "total", "total_tax");
    private static final List<String> FEE_MONEY = List.of("name", "tax_class", "tax_status", "total", "total_tax");
    private static final List<String> TAX_LINE = List.of("rate_code", "rate_id", "label", "compound", "tax_total",
            "shipping_tax_total", "rate_percent");

    /** The money fields of an order: totals, every row with its taxes per rate, every tax line. */
    private static void assertSameMoney(JsonNode real, JsonNode simulated) {
        same(real, simulated, "", ORDER_MONEY);
        rows(real, simulated, "line_items", LINE_MONEY);
        rows(real, simulated, "shipping_lines", SHIPPING_MONEY);
        rows(real, simulated, "fee_lines", FEE_MONEY);
        rows(real, simulated, "tax_lines", TAX_LINE);
    }

    /** A refund's amount, reason, gateway flag and rows, each row pointing at the order row it refunds. */
    private static void assertSameRefund(JsonNode real, JsonNode simulated, String refundedRowId) {
        same(real, simulated, "refund ", List.of("amount", "reason", "refunded_payment"));
        rows(real, simulated, "line_items", LINE_MONEY);
        rows(real, simulated, "shipping_lines", SHIPPING_MONEY);
        rows(real, simulated, "fee_lines", FEE_MONEY);
        for (String kind : List.of("line_items", "shipping_lines", "fee_lines")) {
            for (JsonNode row : simulated.path(kind)) {
                assertEquals("_refunded_item_id", row.at("/meta_data/0/key").asText());
                assertEquals(refundedRowId, row.at("/meta_data/0/value").asText());
            }
        }
    }

    private static void rows(JsonNode real, JsonNode simulated, String array, List<String> fields) {
        assertEquals(real.path(array).size(), simulated.path(array).size(), array + " in " + simulated);
        for (int i = 0; i < real.path(array).size(); i++) {
            JsonNode realRow = real.path(array).get(i);
            JsonNode simulatedRow = simulated.path(array).get(i);
            same(realRow, simulatedRow, array + "[" + i + "].", fields);
            assertEquals(realRow.path("taxes").size(), simulatedRow.path("taxes").size(), array + "[" + i + "].taxes");
            for (int t = 0; t < realRow.path("taxes").size(); t++) {
                same(realRow.path("taxes").get(t), simulatedRow.path("taxes").get(t), array + "[" + i + "].taxes[" + t + "].",
                        List.of("id", "total", "subtotal"));
            }
        }
    }

    private static void same(JsonNode real, JsonNode simulated, String at, List<String> fields) {
        for (String field : fields) {
            assertEquals(real.path(field).asText(), simulated.path(field).asText(), at + field);
        }
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }

    private static JsonNode fixture(String orderId) {
        return RealOrderFiles.read(RealOrderFiles.name(orderId));
    }
}
