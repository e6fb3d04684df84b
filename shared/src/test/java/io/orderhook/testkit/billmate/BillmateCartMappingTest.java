package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateCart.Article;
import io.orderhook.provider.billmate.BillmateCart.Charge;
import io.orderhook.provider.billmate.BillmateCart.Total;
import io.orderhook.provider.billmate.BillmateJson;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.woocommerce.WooFixtures;

/**
 * From real-shaped WooCommerce order JSON to Billmate Articles and Cart, checked against the
 * sandbox's own cart validation over HTTP.
 */
class BillmateCartMappingTest {

    private static final String EXCLUSIVE = "order-tax-exclusive-coupon-fee.json";
    private static final String INCLUSIVE = "order-tax-inclusive-no-rate-percent.json";

    private static BillmateSandbox sandbox;
    private static BillmateProvider billmate;

    @BeforeAll
    static void startSandbox() {
        sandbox = BillmateSandbox.start().merchant("4711", "mapping-secret");
        billmate = new BillmateProvider(sandbox.endpoint(), "4711", "mapping-secret", true, BillmateProvider.httpClient());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static OrderSnapshot order(String fixture) {
        return WooOrderJson.order(WooFixtures.read(fixture));
    }

    private static Refund refund(String fixture) {
        return WooOrderJson.refund(WooFixtures.read(fixture), "SEK");
    }

    private static BigDecimal pct(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aTaxExclusiveOrderWithCouponShippingAndFeeMapsToRowsAtThreeRates() {
        BillmateCart cart = BillmateCart.forOrder(order(EXCLUSIVE));

        assertEquals(List.of(
                new Article("KB-100", "Kaffebryggare Moccamaster", 1, 80000, pct("25"), pct("10"), 72000),
                new Article("BN-500", "Kaffeb\u00f6nor 500 g", 3, 8900, pct("12"), pct("10"), 24030),
                new Article("", "Tidning Kaffe & Te", 2, 4900, pct("6"), pct("10"), 8820),
                new Article("fee", "Expeditionsavgift", 1, 2900, pct("25"), BigDecimal.ZERO, 2900)),
                cart.articles(), "the coupon is each row's discount, never a row of its own");
        assertEquals(Optional.of(new Charge(5900, pct("25"))), cart.shipping());
        assertEquals(new Total(113650, 23613, 0, 137263), cart.total(), "withtax is the shop's grand total");
    }

    @Test
    void aTaxInclusiveOrderOfAnOlderShopMapsWithDerivedRates() {
        OrderSnapshot order = order(INCLUSIVE);
        BillmateCart cart = BillmateCart.forOrder(order);

        assertEquals(List.of(
                new Article("TE-EG", "Te, Earl Grey", 7, 893, pct("12"), BigDecimal.ZERO, 6250),
                new Article("CUP-1", "Tekopp - bl\u00e5", 3, 7920, pct("25"), BigDecimal.ZERO, 23760),
                new Article("BOK-7", "Kokbok: Te & br\u00f6d", 1, 23491, pct("6"), BigDecimal.ZERO, 23491),
                new Article("HON-350", "Honung 350 g", 3, 2976, pct("12"), BigDecimal.ZERO, 8928)),
                cart.articles());
        assertEquals(Optional.of(new Charge(3920, pct("25"))), cart.shipping());
        assertEquals(new Total(66349, 10150, 0, 76499), cart.total());
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of("tax-exclusive with coupon, shipping and fee", EXCLUSIVE, null, 0L),
                Arguments.of("tax-inclusive, rates derived", INCLUSIVE, null, 0L),
                Arguments.of("total rounded up to whole kronor (+1 öre)", INCLUSIVE, "765.00", 1L),
                Arguments.of("total rounded down by the shop (-49 öre)", INCLUSIVE, "764.50", -49L),
                Arguments.of("rounding at Billmate's limit (+50 öre)", EXCLUSIVE, "1373.13", 50L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void theMappedCartPassesTheSandboxesValidationAndReservesTheShopsTotal(String what, String fixture,
            String shopTotal, long rounding) {
        ObjectNode body = WooFixtures.read(fixture);
        if (shopTotal != null) {
            body.put("total", shopTotal);
        }
        OrderSnapshot order = WooOrderJson.order(body);
        BillmateCart cart = BillmateCart.forOrder(order);
        assertEquals(rounding, cart.total().rounding());

        ObjectNode data = BillmateJson.object();
        cart.writeTo(data);
        assertEquals(Optional.empty(), CartRules.check(data));

        String number = BillmateProviderTest.checkoutOf(sandbox, "4711", "mapping-secret").payCart(order.orderId(), 1, BillmateProviderTest.cartData(cart));
        assertEquals(order.total(), sandbox.payment(number).orElseThrow().totalWithTax());

        // The same order sent as an update of an existing reservation passes as well.
        assertInstanceOf(ProviderResult.Done.class, billmate.update(number, order, List.of(), "k"));
        assertEquals(order.lines().size() - 1 - order.lines().stream()
                .filter(l -> l.kind() == io.orderhook.order.OrderLine.LineKind.COUPON).count(),
                sandbox.payment(number).orElseThrow().articles().size(), "all rows but the one shipping charge");
    }

    @Test
    void anOrderTotalMoreThanFiftyOreFromItsLinesIsRefusedBeforeCallingBillmate() {
        String number = reserveFor(order(INCLUSIVE));
        ObjectNode body = WooFixtures.read(INCLUSIVE).put("total", "765.50");

        ProviderResult result = billmate.update(number, WooOrderJson.order(body), List.of(), "k");

        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class, result);
        assertEquals("CART", refused.code());
        assertTrue(refused.message().contains("0.51"), refused.message());
        assertEquals(0, sandbox.calls("updatePayment", number));
    }

    @Test
    void aLineWhoseTaxWasNotRecalculatedIsRefusedWithWhatToDo() {
        String number = reserveFor(order(EXCLUSIVE));
        ObjectNode body = WooFixtures.read(EXCLUSIVE);
        // The coupon was added but "Recalculate" not pressed: the tax is still the pre-discount one.
        ((ObjectNode) body.path("line_items").get(1)).put("total_tax", "32.04");

        ProviderResult.Refused refused = assertInstanceOf(ProviderResult.Refused.class,
                billmate.update(number, WooOrderJson.order(body), List.of(), "k"));
        assertEquals("CART", refused.code());
        assertTrue(refused.message().contains("Kaffeb\u00f6nor 500 g") && refused.message().contains("Recalculate"),
                refused.message());
        assertEquals(0, sandbox.calls("updatePayment", number));
    }

    // ---- refunds ----------------------------------------------------------------------------

    @Test
    void aRefundOfOneRowCreditsThatRow() {
        OrderSnapshot order = order(INCLUSIVE);
        Refund oneCup = refund("refund-901-one-cup.json");
        BillmateCart credit = BillmateCart.forRefund(order, oneCup);
        assertEquals(List.of(new Article("CUP-1", "Tekopp - bl\u00e5", 1, 7920, pct("25"), BigDecimal.ZERO, 7920)),
                credit.articles());
        assertEquals(new Total(7920, 1980, 0, 9900), credit.total());

        String number = activatedFor(order);
        String creditNumber = assertInstanceOf(ProviderResult.Done.class, billmate.credit(number, order, oneCup, TaxSplit.EMPTY, false, "k"))
                .providerNumber();

        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals(9900, payment.creditedWithTax());
        JsonNode credited = sandbox.payment(creditNumber).orElseThrow().articles();
        assertEquals("CUP-1", credited.get(0).path("artnr").asText());
        assertEquals("Factoring", payment.status());
    }

    @Test
    void aRefundOfRowsAndShippingCreditsBothAtTheirRates() {
        OrderSnapshot order = order(INCLUSIVE);
        Refund teaAndShipping = refund("refund-903-tea-and-shipping.json");
        BillmateCart credit = BillmateCart.forRefund(order, teaAndShipping);
        assertEquals(List.of(new Article("TE-EG", "Te, Earl Grey", 4, 893, pct("12"), BigDecimal.ZERO, 3571)),
                credit.articles());
        assertEquals(Optional.of(new Charge(3920, pct("25"))), credit.shipping());
        assertEquals(new Total(7491, 1409, 0, 8900), credit.total());

        assertCreditedAtBillmate(order, teaAndShipping, 8900);
    }

    @Test
    void aRefundOfAnAmountWithoutRowsIsSplitOverTheOrdersTaxRates() {
        OrderSnapshot order = order(INCLUSIVE);
        Refund amountOnly = refund("refund-902-amount-only.json");
        BillmateCart credit = BillmateCart.forRefund(order, amountOnly);
        // 100.00 split by what the order charged at 12 % (169.99), 25 % (346.00) and 6 % (249.00).
        assertEquals(List.of(
                new Article("refund", "Refund", 1, 1984, pct("12"), BigDecimal.ZERO, 1984),
                new Article("refund", "Refund", 1, 3618, pct("25"), BigDecimal.ZERO, 3618),
                new Article("refund", "Refund", 1, 3071, pct("6"), BigDecimal.ZERO, 3071)),
                credit.articles());
        assertEquals(new Total(8673, 1327, 0, 10000), credit.total());

        assertCreditedAtBillmate(order, amountOnly, 10000);
    }

    @Test
    void aRefundOfTheWholeOrderIsAFullCredit() {
        OrderSnapshot order = order(INCLUSIVE);
        Refund everything = new Refund("904", order.total(), List.of(), "Ångrat k\u00f6p");
        String number = activatedFor(order);
        assertInstanceOf(ProviderResult.Done.class, billmate.credit(number, order, everything, TaxSplit.EMPTY, true, "k"));
        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        assertEquals(order.total(), payment.creditedWithTax());
        assertEquals("Credited", payment.status());
    }

    // ---- the sandbox's validation itself ----------------------------------------------------

    @Test
    void theDocumentationsOwnCartPassesTheSandboxesValidation() throws Exception {
        // Articles and Cart of the updatePayment example: 3.5 units with 10 % discount, handling, rounding 44.
        JsonNode data = BillmateJson.parse("""
                {"Articles":[{"artnr":"A123","title":"Article 1","quantity":"2","aprice":"1234","taxrate":"25","discount":"0","withouttax":"2468"},
                             {"artnr":"B456","title":"Article 2","quantity":"3.5","aprice":"56780","taxrate":"25","discount":"10","withouttax":"178857"}],
                 "Cart":{"Handling":{"withouttax":"1000","taxrate":"25"},"Shipping":{"withouttax":"3000","taxrate":"25"},
                         "Total":{"withouttax":"185325","tax":"46331","rounding":"44","withtax":"231700"}}}
                """);
        assertEquals(Optional.empty(), CartRules.check(data));
    }

    static Stream<Arguments> brokenCarts() {
        return Stream.of(
                Arguments.of("no articles", "/Articles", "[]", "9109"),
                Arguments.of("a total missing", "/Cart/Total/tax", null, "9106"),
                Arguments.of("a total with decimals", "/Cart/Total/withtax", "\"30600.5\"", "9111"),
                Arguments.of("a row without withouttax", "/Articles/0/withouttax", null, "9105"),
                Arguments.of("a row without tax rate", "/Articles/0/taxrate", null, "9112"),
                Arguments.of("totals not equal to the rows", "/Cart/Total/withouttax", "\"25001\"", "9102"),
                Arguments.of("tax not equal to the rows' tax", "/Cart/Total/tax", "\"5700\"", "9114"),
                Arguments.of("rounding over 50", "/Cart/Total/rounding", "\"51\"", "9113"),
                Arguments.of("withtax not the sum", "/Cart/Total/withtax", "\"30601\"", "9107"));
    }

    @ParameterizedTest(name = "{0} is {3}")
    @MethodSource("brokenCarts")
    void aBrokenCartIsRefusedWithBillmatesCode(String what, String pointer, String replacement, String code)
            throws Exception {
        ObjectNode data = BillmateJson.object();
        BillmateProviderTest.cart().writeTo(data);
        assertEquals(Optional.empty(), CartRules.check(data));
        JsonNode parent = data.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent.isObject()) {
            if (replacement == null) {
                ((ObjectNode) parent).remove(name);
            } else {
                ((ObjectNode) parent).set(name, BillmateJson.parse(replacement));
            }
        } else {
            data.set(name, BillmateJson.parse(replacement));
        }

        assertEquals(code, CartRules.check(data).map(CartRules.Violation::code).orElse("passed"));
    }

    private static String reserveFor(OrderSnapshot order) {
        return BillmateProviderTest.checkoutOf(sandbox, "4711", "mapping-secret").payCart(order.orderId(), 1,
                BillmateProviderTest.cartData(BillmateCart.forOrder(order)));
    }

    private static String activatedFor(OrderSnapshot order) {
        String number = reserveFor(order);
        assertInstanceOf(ProviderResult.Done.class, billmate.activate(number, "k"));
        return number;
    }

    /** The order's payment, activated, takes the refund as one credit of {@code creditedWithTax} öre. */
    private void assertCreditedAtBillmate(OrderSnapshot order, Refund refund, long creditedWithTax) {
        String number = activatedFor(order);
        assertInstanceOf(ProviderResult.Done.class, billmate.credit(number, order, refund, TaxSplit.EMPTY, false, "k"));
        assertEquals(creditedWithTax, sandbox.payment(number).orElseThrow().creditedWithTax());
    }
}
