package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.billmate.TaxByRate;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.RefundSpec;
import io.orderhook.testkit.woocommerce.ShopSimulator;

/**
 * Issue 9's cases of real WooCommerce order shapes, end to end on a shop set up as the one behind
 * the reference orders (25 %, 12 % and 6 %; the same products and prices): negative fees spread
 * over three rates, decimal quantities, amount refunds split by what is left per rate, "round tax
 * at subtotal", a line discounted to 0.00, and WooCommerce's own zero refund.
 */
class RealOrderShapesEndToEndTest {
    private EndToEnd e2e;

    @AfterEach
    void close() {
        if (e2e != null) {
            e2e.close();
        }
    }

    private EndToEnd shop(UnaryOperator<ShopSimulator.Builder> taxes) {
        e2e = EndToEnd.realShop(taxes);
        return e2e;
    }

    private static NewOrder kaffeBokTidning(long kaffe, long bok, long tidning) {
        return NewOrder.paidWith("bco")
                .product("MOMS25-9990", "Kaffe 25", kaffe, "99.90", "")
                .product("MOMS12-3333", "Bok 12", bok, "33.33", "reduced-rate")
                .product("MOMS6-050", "Tidning 6", tidning, "0.50", "zero-rate")
                .shipping("Flat rate", "49.00");
    }

    @Test
    void case06AnOrderWithANegativeFeeOverThreeRatesIsUpdatedAndCapturedAtTheShopsTotal() {
        shop(b -> b.pricesIncludeTax(true));
        String[] order = e2e.checkout(kaffeBokTidning(2, 1, 3).fee("Rabatt", "-20.00"));
        e2e.holdAndEdit(order[0], "MOMS6-050", 5);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();

        OrderSnapshot edited = WooOrderJson.order(e2e.shop.order(order[0]));
        BillmateSandbox.Payment payment = e2e.sandbox.payment(order[1]).orElseThrow();
        assertTrue(e2e.activated(order[1]), payment.status());
        assertEquals(edited.total(), payment.totalWithTax(), "captured what the shop says the order costs");
        assertEquals(1, e2e.sandbox.calls("updatePayment", order[1]));
        assertTrue(e2e.notesFromOrderhook(order[0]).get(0).startsWith("Billmate order was successfully updated"),
                e2e.notesFromOrderhook(order[0]).toString());
    }

    @Test
    void case13AnOrderSoldByWeightIsCapturedAndAPartOfItCredited() {
        shop(b -> b);
        String[] order = e2e.checkout(NewOrder.paidWith("bco")
                .product("OST-KG", "Ost per kg", new BigDecimal("3.5"), "120.00", "reduced-rate"));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "OST-KG"), new BigDecimal("1.5")));
        e2e.settle();

        BillmateSandbox.Payment payment = e2e.sandbox.payment(order[1]).orElseThrow();
        assertEquals(47_040, payment.totalWithTax(), "3.5 kg at 120.00 + 12 %");
        assertEquals(20_160, payment.creditedWithTax(), "1.5 kg");
        JsonNode sent = e2e.sandbox.lastData("creditPayment", order[1]).orElseThrow();
        assertEquals("1.5", sent.at("/Articles/0/quantity").asText());
    }

    @Test
    void case16AmountRefundsThenTheRestReturnExactlyWhatWasChargedAtEachRate() {
        shop(b -> b.pricesIncludeTax(true));
        String[] order = e2e.checkout(kaffeBokTidning(2, 1, 3));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        for (String amount : List.of("33.33", "1.00", "10.01")) {
            e2e.shop.refund(order[0], RefundSpec.amount(amount));
            e2e.settle();
        }
        OrderSnapshot now = WooOrderJson.order(e2e.shop.order(order[0]));
        long left = now.total() - now.refunds().stream().mapToLong(r -> r.amount()).sum();
        e2e.shop.refund(order[0], RefundSpec.amount(io.orderhook.processing.NoteText.money(left, null)).reason("the rest"));
        e2e.settle();
        BillmateSandbox.Payment payment = e2e.sandbox.payment(order[1]).orElseThrow();
        assertEquals(payment.totalWithTax(), payment.creditedWithTax(), "everything was credited");
        assertEquals(4, e2e.sandbox.calls("creditPayment", order[1]));
        for (var rate : payment.chargedByRate().byRate().entrySet()) {
            TaxByRate.Part credited = payment.creditedByRate().at(rate.getKey());
            assertEquals(rate.getValue(), credited, "credited at " + rate.getKey() + " %: net and tax as charged");
        }
    }

    @Test
    void case17AnUpdateOfAnOrderTaxedAtSubtotalCarriesTheShopsTax() {
        shop(b -> b.roundTaxAtSubtotal(true));
        String[] order = e2e.checkout(NewOrder.paidWith("bco")
                .product("MOMS25-1999", "Kopp 25", 3, "19.99", "").product("MOMS12-3333", "Bok 12", 1, "33.33", "reduced-rate")
                .shipping("Flat rate", "49.00"));
        e2e.holdAndEdit(order[0], "MOMS25-1999", 4);
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();

        OrderSnapshot edited = WooOrderJson.order(e2e.shop.order(order[0]));
        JsonNode total = e2e.sandbox.lastData("updatePayment", order[1]).orElseThrow().at("/Cart/Total");
        assertEquals(edited.totalTax(), total.get("tax").asLong(), "the shop's total_tax");
        assertEquals(edited.total(), total.get("withtax").asLong());
        assertEquals(edited.total(), e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax());
    }

    @Test
    void case18ALineAtZeroKeepsTheRateOfItsTaxClass() {
        shop(b -> b.pricesIncludeTax(true));
        String[] order = e2e.checkout(kaffeBokTidning(2, 1, 3));
        // The magazines become a free gift: the row stays, at 0.00 (as order 43's fixed-cart coupon left it).
        e2e.shop.setStatus(order[0], "on-hold");
        e2e.settle();
        e2e.shop.editOrder(order[0], edit -> edit.setUnitPrice(e2e.shop.lineId(order[0], "MOMS6-050"), "0.00"));
        e2e.shop.setStatus(order[0], "processing");
        e2e.settle();

        JsonNode articles = e2e.sandbox.lastData("updatePayment", order[1]).orElseThrow().get("Articles");
        JsonNode tidning = null;
        for (JsonNode article : articles) {
            if (article.path("artnr").asText().equals("MOMS6-050")) {
                tidning = article;
            }
        }
        assertTrue(tidning != null, articles.toString());
        assertEquals("0", tidning.get("withouttax").asText(), "at 0.00");
        assertEquals("6", tidning.get("taxrate").asText(), "the rate of its tax class, not 0");
        assertEquals(WooOrderJson.order(e2e.shop.order(order[0])).total(),
                e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax());
    }

    @Test
    void case19WooCommercesOwnZeroRefundIsRecordedWithoutANote() {
        shop(b -> b.roundTaxAtSubtotal(true));
        String[] order = e2e.checkout(NewOrder.paidWith("bco")
                .product("MOMS25-1999", "Kopp 25", 3, "19.99", "").product("MOMS12-3333", "Bok 12", 1, "33.33", "reduced-rate")
                .shipping("Flat rate", "49.00"));
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        e2e.shop.refund(order[0], RefundSpec.lines().line(e2e.shop.lineId(order[0], "MOMS25-1999"), 1));
        e2e.settle();
        OrderSnapshot now = WooOrderJson.order(e2e.shop.order(order[0]));
        long left = now.total() - now.refunds().stream().mapToLong(r -> r.amount()).sum();
        e2e.shop.refund(order[0], RefundSpec.amount(io.orderhook.processing.NoteText.money(left, null)).reason("the rest"));
        e2e.settle();

        OrderSnapshot refunded = WooOrderJson.order(e2e.shop.order(order[0]));
        assertTrue(refunded.refunds().stream().anyMatch(r -> r.amount() == 0), "WooCommerce added its zero refund");
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertEquals(3, notes.size(), "the activation and two refunds, nothing about the zero refund: " + notes);
        assertTrue(notes.stream().noneMatch(n -> n.contains("could not") || n.contains("not sent")), notes.toString());
        assertEquals(now.total(), e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax());
    }
}
