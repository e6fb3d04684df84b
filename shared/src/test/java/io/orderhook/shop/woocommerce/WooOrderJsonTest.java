package io.orderhook.shop.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.RefundRef;
import io.orderhook.order.TaxRate;

class WooOrderJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String ORDER = """
            {"id": 727, "status": "wc-processing", "currency": "SEK",
             "date_modified_gmt": "2017-03-22T19:28:08", "prices_include_tax": false,
             "payment_method": "bco", "transaction_id": "1000235",
             "total": "29.35", "total_tax": "1.35",
             "meta_data": [{"id": 1, "key": "_billmate_transaction_id", "value": "1000235"},
                           {"id": 2, "key": "_count", "value": 3},
                           {"id": 3, "key": "_object", "value": {"a": 1}}],
             "line_items": [{"id": 315, "name": "Woo Single #1", "quantity": 2, "sku": "",
                             "subtotal": "6.00", "total": "6.00", "total_tax": "0.45",
                             "taxes": [{"id": 75, "total": "0.45", "subtotal": "0.45"}], "price": 3}],
             "tax_lines": [{"id": 318, "rate_id": 75, "label": "State Tax", "compound": false, "tax_total": "1.35"}],
             "shipping_lines": [{"id": 317, "method_title": "Flat Rate", "method_id": "flat_rate",
                                 "total": "10.00", "total_tax": "0.00", "taxes": []}],
             "fee_lines": [], "coupon_lines": [],
             "refunds": [{"id": 726, "refund": "Damaged", "total": "-10.00"}]}
            """;

    @Test
    void anOrderBodyBecomesASnapshotInMinorUnits() throws Exception {
        OrderSnapshot order = WooOrderJson.order(MAPPER.readTree(ORDER));

        assertEquals("727", order.orderId());
        assertEquals("processing", order.status(), "the wc- prefix is dropped");
        assertEquals("bco", order.paymentMethod());
        assertEquals("1000235", order.transactionId());
        assertEquals(Instant.parse("2017-03-22T19:28:08Z"), order.dateModifiedGmt());
        assertEquals(2935, order.total());
        assertEquals(135, order.totalTax());
        assertEquals(List.of(
                new OrderLine(LineKind.PRODUCT, "315", "", "Woo Single #1", 2, 600, 600, 45, List.of(new LineTax("75", 450000))),
                new OrderLine(LineKind.SHIPPING, "317", "flat_rate", "Flat Rate", 1, 1000, 1000, 0, List.of())),
                order.lines());
        assertEquals(List.of(new RefundRef("726", 1000, "Damaged")), order.refunds());
        assertEquals("1000235", order.meta().get("_billmate_transaction_id"));
        assertEquals("3", order.meta().get("_count"));
        assertTrue(!order.meta().containsKey("_object"), "object meta values are not strings and are left out");
    }

    @Test
    void aTaxRateWithoutRatePercentIsDerivedFromItsLines() throws Exception {
        OrderSnapshot order = WooOrderJson.order(MAPPER.readTree(ORDER));
        // 0.45 on 6.00: an older shop's 7.5 % rate; its tax_total (1.35, no shipping_tax_total) is kept.
        assertEquals(List.of(new TaxRate("75", "State Tax", new BigDecimal("7.5"), false, OptionalLong.of(135))),
                order.taxRates());
    }

    @Test
    void aRefundBodyHasPositiveAmountsAndPointsAtTheRefundedOrderLine() throws Exception {
        Refund refund = WooOrderJson.refund(MAPPER.readTree("""
                {"id": 726, "amount": "9.80", "reason": "Broken",
                 "line_items": [{"id": 730, "name": "Woo Single #1", "quantity": -1, "sku": "W1",
                   "subtotal": "-3.00", "total": "-3.00", "total_tax": "-0.23",
                   "taxes": [{"id": 75, "total": "-0.225", "subtotal": "-0.225"}],
                   "meta_data": [{"id": 9, "key": "_refunded_item_id", "value": "315"}]}],
                 "shipping_lines": [{"id": 731, "method_title": "Flat Rate", "method_id": "flat_rate",
                   "total": "-5.00", "total_tax": "0.00", "taxes": [], "meta_data": []}]}
                """));

        assertEquals(new Refund("726", 980, List.of(
                new OrderLine(LineKind.PRODUCT, "315", "W1", "Woo Single #1", 1, 300, 300, 23, List.of(new LineTax("75", 225000))),
                new OrderLine(LineKind.SHIPPING, "731", "flat_rate", "Flat Rate", 1, 500, 500, 0, List.of())),
                "Broken"), refund);
    }

    @Test
    void aCurrencyWithoutDecimalsIsReadInWholeUnits() throws Exception {
        ObjectNode body = (ObjectNode) MAPPER.readTree(ORDER);
        body.put("currency", "JPY").put("total", "2935").put("total_tax", "135");
        assertEquals(2935, WooOrderJson.order(body).total());
    }

    @Test
    void aDecimalQuantityIsReadAsTheShopSentIt() throws Exception {
        ObjectNode body = (ObjectNode) MAPPER.readTree(ORDER);
        ((ObjectNode) body.at("/line_items/0")).put("quantity", 3.5);
        assertEquals(new java.math.BigDecimal("3.5"), WooOrderJson.order(body).lines().get(0).quantity());
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("total is not a number", "/total", "\"12,50\"", "total"),
                Arguments.of("a line total is missing", "/line_items/0/total", null, "line_items[0].total"),
                Arguments.of("a quantity is not a number", "/line_items/0/quantity", "\"two\"", "line_items[0].quantity"),
                Arguments.of("a tax split is not a number", "/line_items/0/taxes/0/total", "\"abc\"", "line_items[0].taxes[0].total"),
                Arguments.of("the currency is missing", "/currency", null, "currency"),
                Arguments.of("the modification date is not a date", "/date_modified_gmt", "\"yesterday\"", "date_modified_gmt"),
                Arguments.of("line items is not a list", "/line_items", "{}", "line_items"),
                Arguments.of("a refund total is not a number", "/refunds/0/total", "true", "refunds[0].total"),
                Arguments.of("a rate percent is not a number", "/tax_lines/0/rate_percent", "\"many\"", "tax_lines[0].rate_percent"),
                Arguments.of("the id is missing", "/id", null, "id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aMalformedFieldIsNamedInTheError(String what, String pointer, String replacement, String field) throws Exception {
        ObjectNode body = (ObjectNode) MAPPER.readTree(ORDER);
        ObjectNode parent = (ObjectNode) body.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (replacement == null) {
            parent.remove(name);
        } else {
            parent.set(name, MAPPER.readTree(replacement));
        }

        MalformedOrderJsonException e = assertThrows(MalformedOrderJsonException.class, () -> WooOrderJson.order(body));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
