package io.orderhook.testkit.klarna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.klarna.KlarnaLines;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.woocommerce.RealOrderFiles;

/**
 * The real WooCommerce 10.0.2 orders of {@code src/test/resources/woocommerce-orders/} through
 * Klarna: each is placed at its total, captured with its lines, and refunded refund by refund as the
 * shop made them; the sandbox checks every line against Klarna's rules.
 */
class KlarnaRealOrdersTest {

    private static final String USER = "PK40000_real";
    private static final String PASSWORD = "real-orders";

    private static KlarnaTestbed bed;

    @BeforeAll
    static void startSandbox() {
        bed = new KlarnaTestbed(USER, PASSWORD);
    }

    @AfterAll
    static void stopSandbox() {
        bed.close();
    }

    static Stream<String> orders() {
        return RealOrderFiles.names().stream();
    }

    static JsonNode fixture(String file) {
        return RealOrderFiles.read(file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void aRealOrderIsCapturedWithItsLinesAndRefundedAsTheShopRefundedIt(String file) {
        JsonNode fixture = fixture(file);
        JsonNode orderJson = fixture.path("order");
        OrderSnapshot order = WooOrderJson.order(orderJson);
        List<Refund> refunds = new ArrayList<>();
        fixture.path("refunds").forEach(r -> refunds.add(0, WooOrderJson.refund(r, order.currency())));

        String id = bed.checkout.pay(orderJson);
        ProviderResult captured = bed.klarna.activate(id, order, List.of(), "activate:" + file);
        assertInstanceOf(ProviderResult.Done.class, captured, captured.toString());
        assertEquals(order.total(), bed.sandbox.order(id).orElseThrow().capturedAmount());

        TaxSplit creditedBefore = TaxSplit.EMPTY;
        long refunded = 0;
        for (Refund refund : refunds) {
            if (refund.amount() == 0) {
                continue; // WooCommerce's own 0.00 "Order fully refunded." moves no money
            }
            boolean whole = refunded == 0 && refund.amount() == order.total();
            ProviderResult result = bed.klarna.credit(id, order, refund, creditedBefore, whole, "credit:" + refund.refundId());
            ProviderResult.Done done = assertInstanceOf(ProviderResult.Done.class, result, result.toString());
            assertEquals(refund.amount(), done.moved().withTax());
            creditedBefore = creditedBefore.plus(done.moved());
            refunded += refund.amount();
        }
        KlarnaSandbox.Order held = bed.sandbox.order(id).orElseThrow();
        assertEquals(refunded, held.refundedAmount());
        if (refunded == order.total()) {
            assertEquals(PaymentState.CREDITED, ((ProviderResult.Done) bed.klarna.status(id)).info().state());
            TaxSplit charged = KlarnaLines.charged(order);
            assertEquals(charged.withTax(), creditedBefore.withTax());
            // Every rate's VAT returned, no more; a rounding line (not VAT) may end up in the last refund's net.
            for (var rate : charged.byRate().keySet()) {
                assertEquals(charged.at(rate).tax(), creditedBefore.at(rate).tax(), "VAT at " + rate + " %");
            }
        }
        assertTrue(refunded <= order.total());
    }
}
