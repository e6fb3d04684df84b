package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.Customer;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.order.TaxSplit.Part;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateCart.Article;
import io.orderhook.provider.billmate.BillmateCart.Charge;
import io.orderhook.provider.billmate.BillmateCart.Total;
import io.orderhook.provider.billmate.BillmateJson;
import io.orderhook.provider.billmate.BillmatePaymentData;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.RefundSpec;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.testkit.woocommerce.WooFixtures;

/**
 * Issue 9's cart cases, each on the real WooCommerce 10.0.2 order that showed it
 * ({@code woocommerce-orders/}): the exact rows and totals orderhook sends to Billmate.
 */
class BillmateCartCasesTest {

    private static final BigDecimal P25 = new BigDecimal("25");
    private static final BigDecimal P12 = new BigDecimal("12");
    private static final BigDecimal P6 = new BigDecimal("6");

    @Test
    void case5TheUpdateOfOrder25SendsLanguageCountryTheOrderNumberAndTheCustomer() throws Exception {
        ObjectNode body = RealOrders.order("25").orderJson().deepCopy();
        body.put("number", "SE-25"); // a sequential-numbers plugin: the customer knows the order as SE-25
        OrderSnapshot order = WooOrderJson.order(body);

        ObjectNode data = BillmateJson.object();
        BillmatePaymentData.writeUpdateTo(data, order.transactionId(), order, "sv", "SE");
        BillmateCart.forOrder(order).writeTo(data);

        assertEquals(BillmateJson.parse("""
                {"number":"1000236","currency":"SEK","country":"SE","language":"sv","orderid":"SE-25"}"""),
                data.get("PaymentData"));
        assertEquals(BillmateJson.parse("""
                {"Billing":{"firstname":"Testperson","lastname":"Approved","company":"","street":"Teststreet 1/2",
                            "street2":"","zip":"12345","city":"Testcity","country":"SE","phone":"","email":"test@example.com"}}"""),
                data.get("Customer"), "no Shipping: the order has no shipping address of its own");
        assertEquals(List.of("PaymentData", "Customer", "Articles", "Cart"), fieldNames(data));
        assertEquals(Optional.empty(), PaymentDataRules.checkPaymentData(data));
        assertEquals(Optional.empty(), PaymentDataRules.checkCustomer(data, 1));
        assertEquals(Optional.empty(), CartRules.check(data));
    }

    @Test
    void theCustomerIsSentInLatin1WithItsShippingAddressAndBillmatesLanguage() {
        OrderSnapshot fixture = RealOrders.order("25").order();
        Customer.Address home = new Customer.Address("Zo\u00eb \ud83d\ude00", "\u00c5berg", "", "Storgatan 1", "", "11122",
                "Stockholm", "se", "070-1234567");
        Customer.Address office = new Customer.Address("Zo\u00eb", "\u00c5berg", "Kontor &amp; Co", "Kungsgatan 2", "",
                "11143", "Stockholm", "", "");
        OrderSnapshot order = new OrderSnapshot(fixture.orderId(), fixture.status(), fixture.paymentMethod(),
                fixture.transactionId(), fixture.currency(), fixture.dateModifiedGmt(), fixture.pricesIncludeTax(),
                fixture.lines(), fixture.taxRates(), fixture.total(), fixture.totalTax(), fixture.refunds(),
                fixture.meta(), fixture.orderNumber(), new Customer("zoe@example.com", home, office, "nb_NO"));

        ObjectNode data = BillmateJson.object();
        BillmatePaymentData.writeUpdateTo(data, "1000236", order, "sv", "SE");

        assertEquals("no", data.at("/PaymentData/language").asText(), "Norwegian Bokm\u00e5l is Billmate's no");
        assertEquals("SE", data.at("/PaymentData/country").asText());
        assertEquals("Zo\u00eb ?", data.at("/Customer/Billing/firstname").asText(), "outside ISO-8859-1 becomes ?");
        assertEquals("Kontor & Co", data.at("/Customer/Shipping/company").asText());
        assertEquals("SE", data.at("/Customer/Shipping/country").asText(), "a shipping address without country: the billing one");
        assertEquals(Optional.empty(), PaymentDataRules.checkCustomer(data, 1));
    }

    @Test
    void case6ShippingOnlyRefundOfOrder25IsCreditedAsAnArticle() {
        RealOrders real = RealOrders.order("25");
        Refund shippingOnly = refund(real, "27");

        BillmateCart credit = BillmateCart.forRefund(real.order(), shippingOnly);

        // Billmate refuses a part credit without articles (9109): the shipping is the article.
        assertEquals(List.of(new Article("flat_rate", "Flat rate", 1, 4900, P25, BigDecimal.ZERO, 4900)),
                credit.articles());
        assertEquals(Optional.empty(), credit.shipping());
        assertEquals(new Total(4900, 1225, 0, 6125), credit.total());
        assertEquals(Optional.empty(), CartRules.check(data(credit)));
    }

    @Test
    void case6TheNegativeFeeOfOrder46SpreadOverThreeRatesIsOneNegativeRowPerRate() {
        OrderSnapshot order = RealOrders.order("46").order();

        BillmateCart update = BillmateCart.forOrder(order);

        // WooCommerce divided the -20.00 fee over the rates by what each costs (208.84, 29.76 and
        // 1.42 of 240.02) and taxed each part: -4.35, -0.30, -0.01.
        assertEquals(List.of(
                new Article("fee", "Rabatt", 1, -1740, P25, BigDecimal.ZERO, -1740),
                new Article("fee", "Rabatt", 1, -248, P12, BigDecimal.ZERO, -248),
                new Article("fee", "Rabatt", 1, -12, P6, BigDecimal.ZERO, -12)),
                update.articles().subList(3, 6));
        assertEquals(new Total(22002, 5120, 0, 27122), update.total(), "the shop's 271.22, not 295.88");
        assertEquals(Optional.empty(), CartRules.check(data(update)));
        assertEquals(new TaxSplit(Map.of(P25, new Part(19144, 4786), P12, new Part(2728, 327), P6, new Part(130, 7))),
                update.split());
    }

    @Test
    void case6TheNegativeFeeOfOrder59IsDividedAsWooCommerceDividedIt() {
        BillmateCart update = BillmateCart.forOrder(RealOrders.order("59").order());

        // 248.80, 33.33 and 1.50 of 283.63: -17.54 (tax -4.39), -2.35 (-0.28), -0.11 (-0.01).
        assertEquals(List.of(-1754L, -235L, -11L),
                update.articles().stream().filter(a -> a.withouttax() < 0).map(Article::withouttax).toList());
        assertEquals(new Total(26363, 6161, 0, 32524), update.total());
        assertEquals(Optional.empty(), CartRules.check(data(update)));
    }

    @Test
    void aFeeOnlyRefundIsCreditedAsAnArticleAtTheFeesRate() {
        OrderSnapshot order = WooOrderJson.order(WooFixtures.read("order-tax-exclusive-coupon-fee.json"));
        OrderLine fee = order.lines().stream().filter(l -> l.kind() == LineKind.FEE).findFirst().orElseThrow();
        Refund feeOnly = new Refund("905", fee.total() + fee.totalTax(), List.of(fee), "fee back");

        BillmateCart credit = BillmateCart.forRefund(order, feeOnly, TaxSplit.EMPTY);

        assertEquals(List.of(new Article("fee", "Expeditionsavgift", 1, 2900, P25, BigDecimal.ZERO, 2900)),
                credit.articles());
        assertEquals(new Total(2900, 725, 0, 3625), credit.total());
        assertEquals(Optional.empty(), CartRules.check(data(credit)));
    }

    @Test
    void case13DecimalQuantitiesGoToBillmateAsDecimalStringsWithApriceAndWithouttaxConsistent() {
        try (ShopSimulator shop = ShopSimulator.builder().swedishVat().build()) {
            String id = shop.createOrder(NewOrder.paidWith("bco").transactionId("1000300")
                    .product("OST-KG", "Ost per kg", new BigDecimal("3.5"), "120.00", "reduced-rate")
                    .shipping("Post", "49.00"));
            String row = shop.order(id).at("/line_items/0/id").asText();
            String refundId = shop.refund(id, RefundSpec.lines().line(row, new BigDecimal("1.5")));
            OrderSnapshot order = WooOrderJson.order(shop.order(id));
            Refund oneAndAHalf = WooOrderJson.refund(shop.refundJson(id, refundId), "SEK");

            BillmateCart update = BillmateCart.forOrder(order);
            assertEquals(new Article("OST-KG", "Ost per kg", new BigDecimal("3.5"), 12000, P12, BigDecimal.ZERO, 42000),
                    update.articles().get(0));
            ObjectNode updateData = data(update);
            assertEquals("3.5", updateData.at("/Articles/0/quantity").asText());
            assertEquals(Optional.empty(), CartRules.check(updateData));

            BillmateCart credit = BillmateCart.forRefund(order, oneAndAHalf, TaxSplit.EMPTY);
            assertEquals(List.of(new Article("OST-KG", "Ost per kg", new BigDecimal("1.5"), 12000, P12, BigDecimal.ZERO,
                    18000)), credit.articles());
            assertEquals(new Total(18000, 2160, 0, 20160), credit.total());
            assertEquals(Optional.empty(), CartRules.check(data(credit)));

            BillmateCart reserved = BillmateCart.forReservation(order, List.of(oneAndAHalf));
            assertEquals(new Article("OST-KG", "Ost per kg", new BigDecimal("2"), 12000, P12, BigDecimal.ZERO, 24000),
                    reserved.articles().get(0));
            assertEquals(Optional.empty(), CartRules.check(data(reserved)));
        }
    }

    @Test
    void aFeeWithoutANameIsSentWithATitleBecauseBillmateRequiresOne() {
        ObjectNode body = WooFixtures.read("order-tax-exclusive-coupon-fee.json");
        ((ObjectNode) body.at("/fee_lines/0")).put("name", "");

        BillmateCart update = BillmateCart.forOrder(WooOrderJson.order(body));

        assertEquals(new Article("fee", "Fee", 1, 2900, P25, BigDecimal.ZERO, 2900), update.articles().get(3));
        assertEquals(Optional.empty(), CartRules.check(data(update)));
    }

    @Test
    void case16AnAmountCreditOfOrder30IsSplitByWhatIsLeftAndTheRestReturnsExactlyWhatIsLeft() {
        RealOrders real = RealOrders.order("30");
        OrderSnapshot order = real.order();
        TaxSplit charged = BillmateCart.charged(order);
        assertEquals(new TaxSplit(Map.of(P25, new Part(28876, 7219), P12, new Part(5952, 714), P6, new Part(142, 8))),
                charged);

        TaxSplit credited = TaxSplit.EMPTY;
        credited = credited.plus(BillmateCart.forRefund(order, refund(real, "31"), credited).split()); // one book, 12 %
        credited = credited.plus(BillmateCart.forRefund(order, refund(real, "32"), credited).split()); // two papers, 6 %
        BillmateCart tenKronor = BillmateCart.forRefund(order, refund(real, "33"), credited);
        // 10.01 over what is left: 360.95 at 25 %, 33.33 at 12 %, 0.50 at 6 % (not the original shares).
        assertEquals(new TaxSplit(Map.of(P25, new Part(732, 183), P12, new Part(76, 9), P6, new Part(1, 0))),
                tenKronor.split());
        credited = credited.plus(tenKronor.split());

        BillmateCart rest = BillmateCart.forRefund(order, refund(real, "34"), credited);
        assertEquals(charged.minus(credited), rest.split(), "the rest returns exactly what is left at each rate");
        assertEquals(new TaxSplit(Map.of(P25, new Part(28144, 7036), P12, new Part(2900, 348), P6, new Part(46, 3))),
                rest.split());
        assertEquals(charged, credited.plus(rest.split()));
        // Before: 84.52 net credited at 12 % against 59.52 charged, VAT 76.68 against 79.41.
        assertEquals(5952, credited.plus(rest.split()).at(P12).net());
        assertEquals(7941, credited.plus(rest.split()).tax());
    }

    @Test
    void case16TheCreditsOfOrder30ReturnWhatTheCheckoutBookedNotWhatTheTaxLinesSay() {
        RealOrders real = RealOrders.order("30");
        OrderSnapshot order = real.order();
        // The checkout's cart: the rows' own VAT (1.42 at 6 % is 0.09) and the shop's 79.41 as
        // Total.tax, an öre below the rows' 79.42: that öre is booked at no rate.
        TaxSplit booked = new TaxSplit(Map.of(P25, new Part(28876, 7219), P12, new Part(5952, 714), P6, new Part(142, 9),
                BigDecimal.ZERO, new Part(-1, 0)));

        TaxSplit credited = TaxSplit.EMPTY;
        for (String refundId : List.of("31", "32", "33")) {
            credited = credited.plus(BillmateCart.forRefund(order, refund(real, refundId), credited, booked).split());
        }
        BillmateCart rest = BillmateCart.forRefund(order, refund(real, "34"), credited, booked);

        assertEquals(booked.minus(credited), rest.split(), "the rest returns exactly what is left of what was booked");
        assertEquals(booked.minus(credited), TaxByRates.asTaxSplit(CartVat.split(data(rest))));
        assertEquals(-1, rest.total().rounding(), "the öre at no rate goes back as rounding, not as a discount row at 0 %");
        assertTrue(rest.articles().stream().noneMatch(a -> a.taxrate().signum() == 0), rest.articles().toString());
        assertEquals(Optional.empty(), CartRules.check(data(rest)));
    }

    @Test
    void case16TheRestOfOrder61ReturnsTheTaxTheShopRoundedAtSubtotal() {
        RealOrders real = RealOrders.order("61");
        OrderSnapshot order = real.order();
        TaxSplit first = BillmateCart.forRefund(order, refund(real, "62"), TaxSplit.EMPTY).split();

        BillmateCart rest = BillmateCart.forRefund(order, refund(real, "63"), first);

        // 25 %: 108.97 net and 27.24 tax charged (not the lines' 27.25), 19.99 and 5.00 credited first.
        assertEquals(new TaxSplit(Map.of(P25, new Part(8898, 2224), P12, new Part(3333, 400))), rest.split());
        assertEquals(new Total(12231, 2624, 0, 14855), rest.total());
    }

    @Test
    void case16TheRestOfOrder43ReturnsTheTaxLeftAt25PercentWhichOneRowPerRateCannot() {
        RealOrders real = RealOrders.order("43");
        OrderSnapshot order = real.order();
        TaxSplit first = BillmateCart.forRefund(order, refund(real, "44"), TaxSplit.EMPTY).split();
        TaxSplit left = BillmateCart.charged(order).minus(first);
        // 115.99 net and 28.99 tax are left at 25 %: one row of 115.99 is 28.9975 of VAT, which Billmate books as 29.00.
        assertEquals(new Part(11599, 2899), left.at(P25));
        assertEquals(2900, BillmateCart.vatOf(11599, P25));

        BillmateCart rest = BillmateCart.forRefund(order, refund(real, "45"), first);

        // 115.97 (28.9925: 28.99) and two rows of 0.01 (0.0025: 0.00) are the same 115.99 net with 28.99 of VAT.
        assertEquals(List.of(
                new Article("refund", "Refund: the rest", 1, 11597, P25, BigDecimal.ZERO, 11597),
                new Article("vat", "VAT adjustment", 1, 1, P25, BigDecimal.ZERO, 1),
                new Article("vat", "VAT adjustment", 1, 1, P25, BigDecimal.ZERO, 1),
                new Article("refund", "Refund: the rest", 1, 1533, P12, BigDecimal.ZERO, 1533)), rest.articles());
        assertEquals(left, rest.split());
        assertEquals(left, RealOrders.sandboxSplit(data(rest)), "Billmate books exactly what is left at each rate");
        assertEquals(Optional.empty(), CartRules.check(data(rest)));
        assertEquals(BillmateCart.charged(order), first.plus(rest.split()));
    }

    @Test
    void theUpdateOfOrder25KeepsTheShopsLinesAndCarriesItsVatAt6PercentInAdjustmentRowsOfNoNet() {
        OrderSnapshot order = RealOrders.order("25").order();
        BillmateCart update = BillmateCart.forOrder(order);

        // The shop charged 0.08 of VAT on 1.42 at 6 % (prices include tax); the row alone is 0.0852: 0.09.
        assertEquals(new Article("MOMS6-050", "Tidning 6", 3, 47, P6, BigDecimal.ZERO, 142), update.articles().get(2));
        List<Article> adjustments = update.articles().stream().filter(a -> a.title().equals("VAT adjustment")).toList();
        assertEquals(List.of(
                new Article("vat", "VAT adjustment", 1, 1, P6, BigDecimal.ZERO, 1),
                new Article("vat", "VAT adjustment", 1, 8, P6, BigDecimal.ZERO, 8),
                new Article("vat", "VAT adjustment", 1, -9, P6, BigDecimal.ZERO, -9)), adjustments,
                "0.00 + 0.00 - 0.01 of VAT, and no net");
        assertEquals(new Part(142, 8), update.split().at(P6));
        assertEquals(BillmateCart.charged(order), update.split());
        assertEquals(BillmateCart.charged(order), RealOrders.sandboxSplit(data(update)));
        assertEquals(Optional.empty(), CartRules.check(data(update)));
    }

    @Test
    void billmateBooksVatPerRowAsGetPaymentinfosExampleShows() {
        // Get-payment-info.md: 2468 at 25 % is "tax":"617", 178857 is "tax":"44714"; with Handling's 250 and
        // Shipping's 750 they are Total.tax 46331.
        BillmateCart example = new BillmateCart(List.of(
                new Article("", "Article 1", 2, 1234, P25, BigDecimal.ZERO, 2468),
                new Article("B456", "Article 2", new BigDecimal("3.5"), 56780, P25, BigDecimal.TEN, 178857)),
                Optional.of(new Charge(3000, P25)), Optional.of(new Charge(1000, P25)), new Total(185325, 46331, 44, 231700));

        assertEquals(617, BillmateCart.vatOf(2468, P25));
        assertEquals(44714, BillmateCart.vatOf(178857, P25));
        assertEquals(46331, 617 + 44714 + BillmateCart.vatOf(1000, P25) + BillmateCart.vatOf(3000, P25));
        assertEquals(new TaxSplit(Map.of(P25, new Part(185325, 46331), BigDecimal.ZERO, new Part(44, 0))), example.split());
        assertEquals(RealOrders.sandboxSplit(data(example)), example.split());
        assertEquals(1, BillmateCart.vatOf(2, P25), "half an öre away from zero, as PHP's round()");
        assertEquals(-1, BillmateCart.vatOf(-2, P25));
    }

    @Test
    void case17TheUpdateOfOrder61CarriesTheShopsTotalTaxWithoutRounding() {
        BillmateCart update = BillmateCart.forOrder(RealOrders.order("61").order());

        // "Round tax at subtotal": the lines' taxes add up to 31.25, the order's total_tax is 31.24.
        assertEquals(new Total(14230, 3124, 0, 17354), update.total());
        assertEquals(Optional.empty(), CartRules.check(data(update)));
    }

    @Test
    void case18TheLineOfOrder43DiscountedToZeroKeepsTheRateOfItsTaxRateId() {
        BillmateCart update = BillmateCart.forOrder(RealOrders.order("43").order());

        assertEquals(new Article("MOMS6-050", "Tidning 6", 3, 47, P6, new BigDecimal("100"), 0),
                update.articles().get(2));
        assertEquals(Optional.of(new Charge(4900, P25)), update.shipping());
        assertEquals(Optional.empty(), CartRules.check(data(update)));
    }

    @Test
    void case19WooCommercesOwnZeroRefundOfOrder61IsNothingToCredit() {
        RealOrders real = RealOrders.order("61");
        Refund zero = refund(real, "64");

        assertEquals("Order fully refunded.", zero.reason());
        assertTrue(BillmateCart.isNothingToCredit(zero));
        assertFalse(BillmateCart.isNothingToCredit(refund(real, "63")));
        assertThrows(BillmateCart.UnmappableOrderException.class,
                () -> BillmateCart.forRefund(real.order(), zero, TaxSplit.EMPTY));
    }

    @Test
    void case9ThePartRefundsOfOrder30WhileReservedLeaveTheReservationAtWhatIsLeft() {
        RealOrders real = RealOrders.order("30");
        OrderSnapshot order = real.order();
        List<Refund> beforeActivation = List.of(refund(real, "33"), refund(real, "31"), refund(real, "32"));

        BillmateCart reservation = BillmateCart.forReservation(order, beforeActivation);

        assertEquals(List.of(
                new Article("MOMS25-9990", "Kaffe 25", 3, 7992, P25, BigDecimal.ZERO, 23976),
                new Article("MOMS12-3333", "Bok 12", 1, 2976, P12, BigDecimal.ZERO, 2976),
                new Article("MOMS6-050", "Tidning 6", 1, 47, P6, BigDecimal.ZERO, 47),
                new Article("refund", "Refund", 1, -732, P25, BigDecimal.ZERO, -732),
                new Article("refund", "Refund", 1, -76, P12, BigDecimal.ZERO, -76),
                new Article("refund", "Refund", 1, -1, P6, BigDecimal.ZERO, -1)),
                reservation.articles(), "refunded rows off their rows, the amount off each rate as a negative row");
        assertEquals(new Total(31090, 7387, 0, 38477), reservation.total(), "429.11 less 33.33, 1.00 and 10.01");
        assertEquals(Optional.empty(), CartRules.check(data(reservation)));
        TaxSplit credited = TaxSplit.EMPTY;
        for (Refund refund : List.of(refund(real, "31"), refund(real, "32"), refund(real, "33"))) {
            credited = credited.plus(BillmateCart.forRefund(order, refund, credited).split());
        }
        assertEquals(BillmateCart.charged(order).minus(credited), reservation.split());
    }

    @Test
    void aReservationWithoutRefundsIsTheOrdersUpdate() {
        RealOrders.all().forEach(real -> assertEquals(BillmateCart.forOrder(real.order()),
                BillmateCart.forReservation(real.order(), List.of()), real.file()));
    }

    @Test
    void anOrderRefundedInFullBeforeActivationHasNothingLeftToReserve() {
        RealOrders real = RealOrders.order("25");

        BillmateCart.UnmappableOrderException nothingLeft = assertThrows(BillmateCart.UnmappableOrderException.class,
                () -> BillmateCart.forReservation(real.order(), real.refunds()));

        assertTrue(nothingLeft.getMessage().contains("cancel"), nothingLeft.getMessage());
    }

    @Test
    void aRefundLargerThanWhatIsLeftIsRefusedBeforeCallingBillmate() {
        RealOrders real = RealOrders.order("25");
        OrderSnapshot order = real.order();
        TaxSplit allButTen = BillmateCart.charged(order).minus(TaxSplit.of(P25, 800, 200));

        BillmateCart.UnmappableOrderException tooMuch = assertThrows(BillmateCart.UnmappableOrderException.class,
                () -> BillmateCart.forRefund(order, refund(real, "28"), allButTen));

        assertTrue(tooMuch.getMessage().contains("10.01") && tooMuch.getMessage().contains("10.00"), tooMuch.getMessage());
    }

    private static Refund refund(RealOrders real, String refundId) {
        return real.refunds().stream().filter(r -> r.refundId().equals(refundId)).findFirst().orElseThrow();
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode data(BillmateCart cart) {
        ObjectNode data = BillmateJson.object();
        cart.writeTo(data);
        return data;
    }
}
