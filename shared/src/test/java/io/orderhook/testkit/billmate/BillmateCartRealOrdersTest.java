package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateJson;

/**
 * Every real WooCommerce 10.0.2 order in {@code woocommerce-orders/}: the update cart passes
 * Billmate's rules and is the order's total and tax per rate; each refund's credit (given what the
 * earlier credits returned) passes them and is its refund's amount; together the credits never
 * return more net or tax at a rate than the order charged there, and the last one returns exactly
 * what was left.
 */
class BillmateCartRealOrdersTest {

    static Stream<RealOrders> orders() {
        return RealOrders.all();
    }

    @Test
    void everyRealOrderOfTheReadmeIsInTheFolder() {
        assertEquals(List.of("25", "30", "37", "40", "43", "46", "49", "50", "55", "58", "59", "60", "61"),
                orders().map(o -> o.orderJson().path("id").asText()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void theUpdateCartPassesBillmatesRulesAndIsTheOrdersTotalAndTaxPerRate(RealOrders real) {
        OrderSnapshot order = real.order();
        BillmateCart update = BillmateCart.forOrder(order);

        assertEquals(Optional.empty(), CartRules.check(data(update)));
        assertEquals(order.total(), update.total().withtax());
        assertEquals(order.totalTax(), update.total().tax(), "Total.tax is the shop's total_tax");
        assertEquals(taxOnly(real.taxLines()), taxOnly(update.split()), "tax per rate is the order's tax_lines");
        assertEquals(order.total(), update.split().withTax());
        assertEquals(BillmateCart.charged(order), update.split());
        assertEquals(update.split(), RealOrders.sandboxSplit(data(update)), "Billmate's own tax per rate from the rows");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void eachRefundIsCreditedAtItsAmountAndTheCreditsReturnExactlyWhatWasChargedPerRate(RealOrders real) {
        OrderSnapshot order = real.order();
        TaxSplit charged = BillmateCart.charged(order);
        TaxSplit credited = TaxSplit.EMPTY;
        long refunded = 0;
        for (Refund refund : real.refunds()) {
            if (BillmateCart.isNothingToCredit(refund)) {
                assertEquals(0, refund.amount(), "only a refund of 0.00 is nothing to credit");
                continue;
            }
            BillmateCart credit = BillmateCart.forRefund(order, refund, credited);
            String what = "refund " + refund.refundId();

            assertEquals(Optional.empty(), CartRules.check(data(credit)), what);
            assertEquals(refund.amount(), credit.total().withtax(), what);
            assertEquals(refund.amount(), credit.split().withTax(), what);
            assertEquals(credit.split(), RealOrders.sandboxSplit(data(credit)), what + ": Billmate's own tax per rate from the rows");

            credited = credited.plus(credit.split());
            refunded += refund.amount();
            for (BigDecimal rate : charged.byRate().keySet()) {
                assertTrue(credited.at(rate).net() <= charged.at(rate).net()
                        && credited.at(rate).tax() <= charged.at(rate).tax(),
                        what + " at " + rate + " %: credited " + credited.at(rate) + " of " + charged.at(rate));
            }
            assertTrue(credited.byRate().keySet().stream().allMatch(charged.byRate()::containsKey),
                    what + " credits a rate the order never charged: " + credited);
        }
        if (refunded == order.total()) {
            assertEquals(charged, credited, "a fully refunded order has returned exactly what it charged, rate by rate");
        }
    }

    @Test
    void theRealOrdersRefundedInFullAreTheOnesWithARest() {
        List<String> full = orders().filter(real -> real.refunds().stream().mapToLong(Refund::amount).sum()
                == real.order().total()).map(real -> real.orderJson().path("id").asText()).toList();
        assertEquals(List.of("25", "30", "37", "40", "43", "46", "50", "55", "61"), full);
    }

    private static ObjectNode data(BillmateCart cart) {
        ObjectNode data = BillmateJson.object();
        cart.writeTo(data);
        return data;
    }

    private static TaxSplit taxOnly(TaxSplit split) {
        TaxSplit taxes = TaxSplit.EMPTY;
        for (var entry : split.byRate().entrySet()) {
            taxes = taxes.plus(TaxSplit.of(entry.getKey(), 0, entry.getValue().tax()));
        }
        return taxes;
    }
}
