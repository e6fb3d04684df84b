package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.billmate.TaxByRate.Part;

/** The sandbox's reading of Billmate's cart and data rules, one row per rule. */
class CartRulesTest {

    /** 2 x 100.00 at 25 %, 1 x 50.00 at 12 % with shipping 49.00 at 25 %: 299.00 + 68.25 tax. */
    private static final String CART = """
            {"Articles":[{"artnr":"A1","title":"Kopp","quantity":"2","aprice":"10000","taxrate":"25","discount":"0","withouttax":"20000"},
                         {"artnr":"B2","title":"Te","quantity":"1","aprice":"5000","taxrate":"12","discount":"0","withouttax":"5000"}],
             "Cart":{"Shipping":{"withouttax":"4900","taxrate":"25"},
                     "Total":{"withouttax":"29900","tax":"6825","rounding":"0","withtax":"36725"}}}
            """;

    static Stream<Arguments> brokenCarts() {
        return Stream.of(
                Arguments.of("no articles", "/Articles", "[]", "9109"),
                Arguments.of("only free-text rows", "/Articles", "[{\"artnr\":\"--freetext--\",\"title\":\"Hej\"}]", "9109"),
                Arguments.of("a free-text row with an amount", "/Articles/1",
                        "{\"artnr\":\"--freetext--\",\"title\":\"Te\",\"withouttax\":\"5000\"}", "9005"),
                Arguments.of("a row without title", "/Articles/0/title", "\"\"", "9004"),
                Arguments.of("a row's withouttax in fractions of an öre", "/Articles/1/withouttax", "\"5000.5\"", "9111"),
                Arguments.of("a row's aprice in fractions of an öre", "/Articles/1/aprice", "\"5000.5\"", "9111"),
                Arguments.of("a row at a negative tax rate", "/Articles/1/taxrate", "\"-12\"", "9112"),
                Arguments.of("a row of no units", "/Articles/1/quantity", "\"0\"", "9005"),
                Arguments.of("a discount over 100 %", "/Articles/1/discount", "\"101\"", "9005"),
                Arguments.of("a unit Billmate does not have", "/Articles/1/unit", "\"pcs\"", "9005"),
                Arguments.of("a row whose withouttax is not aprice x quantity", "/Articles/0/aprice", "\"9000\"", "9102"),
                Arguments.of("shipping with fractions of an öre", "/Cart/Shipping/withouttax", "\"4900.5\"", "9111"),
                Arguments.of("shipping without a tax rate", "/Cart/Shipping/taxrate", null, "9112"),
                Arguments.of("a title over 255 characters", "/Articles/1/title", "\"" + "x".repeat(256) + "\"", "9005"),
                Arguments.of("the rows' tax more than 1 öre per unit per row off", "/Cart/Total/tax", "\"6820\"", "9114"));
    }

    @ParameterizedTest(name = "{0} is {3}")
    @MethodSource("brokenCarts")
    void aBrokenCartIsRefusedWithBillmatesCode(String what, String pointer, String replacement, String code) {
        ObjectNode data = (ObjectNode) parse(CART);
        assertEquals(Optional.empty(), CartRules.check(data));
        replace(data, pointer, replacement);

        assertEquals(code, CartRules.check(data).map(CartRules.Violation::code).orElse("passed"));
    }

    @Test
    void theRowsTaxMayDifferByOneOrePerUnitPerRow() {
        // Rows' tax 68.25; three rows with 2 + 1 + 1 units allow 4 öre either way.
        ObjectNode data = (ObjectNode) parse(CART);
        replace(data, "/Cart/Total/tax", "\"6820\"");
        replace(data, "/Cart/Total/withtax", "\"36720\"");
        assertEquals("9114", CartRules.check(data).orElseThrow().code());
        replace(data, "/Cart/Total/tax", "\"6829\"");
        replace(data, "/Cart/Total/withtax", "\"36729\"");
        assertEquals(Optional.empty(), CartRules.check(data));
    }

    @Test
    void aDiscountRowMustBeAtAStandardRateOfTheAccount() {
        String discount = "{\"artnr\":\"rabatt\",\"title\":\"Rabatt\",\"quantity\":\"1\",\"aprice\":\"-1000\",\"taxrate\":\"%s\","
                + "\"discount\":\"0\",\"withouttax\":\"-1000\"}";
        ObjectNode at25 = (ObjectNode) parse(CART);
        ((com.fasterxml.jackson.databind.node.ArrayNode) at25.get("Articles")).add(parse(discount.formatted("25")));
        replace(at25, "/Cart/Total/withouttax", "\"28900\"");
        replace(at25, "/Cart/Total/tax", "\"6575\"");
        replace(at25, "/Cart/Total/withtax", "\"35475\"");
        assertEquals(Optional.empty(), CartRules.check(at25));

        ObjectNode at12point6 = at25.deepCopy();
        replace(at12point6, "/Articles/2/taxrate", "\"12.6\"");
        replace(at12point6, "/Cart/Total/tax", "\"6699\"");
        replace(at12point6, "/Cart/Total/withtax", "\"35599\"");
        assertEquals("9112", CartRules.check(at12point6).orElseThrow().code());
        assertEquals(Optional.empty(), CartRules.check(at12point6, java.util.Set.of(new BigDecimal("12.6"))),
                "an account whose standard rates include it");

        ObjectNode positiveAprice = at25.deepCopy();
        replace(positiveAprice, "/Articles/2/aprice", "\"1000\"");
        assertEquals("9005", CartRules.check(positiveAprice).orElseThrow().code());
    }

    @Test
    void aDecimalQuantityRowIsItsApriceTimesTheQuantityLessTheDiscount() {
        // The updatePayment page's own row: 3.5 x 567.80 less 10 % = 1,788.57.
        JsonNode data = parse("""
                {"Articles":[{"artnr":"B456","title":"Article 2","quantity":"3.5","aprice":"56780","taxrate":"25","discount":"10","withouttax":"178857"}],
                 "Cart":{"Total":{"withouttax":"178857","tax":"44714","rounding":"0","withtax":"223571"}}}
                """);
        assertEquals(Optional.empty(), CartRules.check(data));
        ((ObjectNode) data.get("Articles").get(0)).put("quantity", "3");
        assertEquals("9102", CartRules.check(data).orElseThrow().code(), "3 units are not 1,788.57");
    }

    @Test
    void updatePaymentDataNeedsCurrencyLanguageCountryAndOrderId() {
        ObjectNode data = (ObjectNode) parse("""
                {"PaymentData":{"number":"1000236","currency":"SEK","country":"SE","language":"sv","orderid":"25"}}
                """);
        assertEquals(Optional.empty(), PaymentDataRules.checkPaymentData(data));

        ObjectNode before = (ObjectNode) parse("{\"PaymentData\":{\"number\":\"1000236\",\"currency\":\"SEK\",\"orderid\":\"25\"}}");
        assertEquals("9103", PaymentDataRules.checkPaymentData(before).orElseThrow().code(), "what orderhook sent before issue 9");

        replace(data, "/PaymentData/language", "\"de\"");
        assertEquals("9103", PaymentDataRules.checkPaymentData(data).orElseThrow().code());
        replace(data, "/PaymentData/language", "\"sv\"");
        replace(data, "/PaymentData/country", "\"Sweden\"");
        assertEquals("9103", PaymentDataRules.checkPaymentData(data).orElseThrow().code());
    }

    @Test
    void theBillingEmailIsMandatoryExceptForCardAndBank() {
        ObjectNode noEmail = (ObjectNode) parse("{\"Customer\":{\"Billing\":{\"firstname\":\"Tess\",\"email\":\"\"}}}");
        assertEquals("9104", PaymentDataRules.checkCustomer(noEmail, 1).orElseThrow().code(), "invoice");
        assertEquals(Optional.empty(), PaymentDataRules.checkCustomer(noEmail, 8), "card");
        assertEquals(Optional.empty(), PaymentDataRules.checkCustomer(noEmail, 16), "bank");
        assertEquals("9104", PaymentDataRules.checkCustomer(parse("{}"), 1).orElseThrow().code());

        replace(noEmail, "/Customer/Billing/email", "\"not an address\"");
        assertEquals("9200", PaymentDataRules.checkCustomer(noEmail, 1).orElseThrow().code());
        replace(noEmail, "/Customer/Billing/email", "\"tess@example.com\"");
        assertEquals(Optional.empty(), PaymentDataRules.checkCustomer(noEmail, 1));
        ((ObjectNode) noEmail.get("Customer").get("Billing")).put("country", "Sverige");
        assertEquals("9005", PaymentDataRules.checkCustomer(noEmail, 1).orElseThrow().code());
    }

    @Test
    void billmateBooksVatPerRowAsGetPaymentinfosExampleShows() {
        // Get-payment-info.md's answer: each article with its own tax; with Handling's and Shipping's
        // (250 and 750 at 25 %) they add up to Total.tax.
        JsonNode answer = parse("""
                {"Articles":[{"artnr":"","title":"Article 1","quantity":"2","aprice":"1234","tax":"617","discount":"0",
                              "withouttax":"2468","taxrate":"25"},
                             {"artnr":"B456","title":"Article 2","quantity":"3.5","aprice":"56780","tax":"44714",
                              "discount":"10","withouttax":"178857","taxrate":"25"}],
                 "Cart":{"Handling":{"withouttax":"1000","taxrate":"25"},"Shipping":{"withouttax":"3000","taxrate":"25"},
                         "Total":{"rounding":"44","withouttax":"185325","tax":"46331","withtax":"231700"}}}
                """);
        long rowsVat = 0;
        for (JsonNode article : answer.get("Articles")) {
            long vat = CartVat.rowTax(new BigDecimal(article.get("withouttax").asText()), new BigDecimal(article.get("taxrate").asText()));
            assertEquals(article.get("tax").asLong(), vat, article.get("title").asText());
            rowsVat += vat;
        }
        rowsVat += CartVat.rowTax(new BigDecimal("1000"), new BigDecimal("25")) + CartVat.rowTax(new BigDecimal("3000"), new BigDecimal("25"));
        assertEquals(46331, rowsVat, "the rows' VAT is Total.tax");

        assertEquals(Optional.empty(), CartRules.check(answer));
        assertEquals(new TaxByRate(Map.of(new BigDecimal("25"), new Part(185325, 46331), BigDecimal.ZERO, new Part(44, 0))),
                CartVat.split(answer), "all at 25 %; Total.rounding at 0 %");
    }

    @Test
    void aRowsHalfOreOfVatIsRoundedAwayFromZeroAsPhpsRound() {
        assertEquals(1, CartVat.rowTax(new BigDecimal("2"), new BigDecimal("25")), "0.5");
        assertEquals(-1, CartVat.rowTax(new BigDecimal("-2"), new BigDecimal("25")), "-0.5");
        assertEquals(0, CartVat.rowTax(new BigDecimal("1"), new BigDecimal("25")), "0.25");
        assertEquals(9, CartVat.rowTax(new BigDecimal("142"), new BigDecimal("6")), "8.52");
    }

    @Test
    void aRatesTaxIsItsRowsVatAndWhatTotalTaxDiffersFromThemIsAtRateZero() {
        // Nets 249.00 at 25 % (62.25) and 50.00 at 12 % (6.00).
        assertEquals(new TaxByRate(Map.of(new BigDecimal("25"), new Part(24900, 6225), new BigDecimal("12"), new Part(5000, 600))),
                CartVat.split(parse(CART)));

        // Order 25's rows as the shop has them: 239.76 and shipping 49.00 at 25 % (59.94 + 12.25), 59.52 at
        // 12 % (7.1424: 7.14), 1.42 at 6 % (0.0852: 0.09). The rows' VAT is 79.42; the shop's total tax 79.41
        // is within 9114's tolerance, and the öre between them is VAT at no rate.
        JsonNode order25 = parse("""
                {"Articles":[{"title":"Kaffe","quantity":"3","aprice":"7992","taxrate":"25","withouttax":"23976"},
                             {"title":"Bok","quantity":"2","aprice":"2976","taxrate":"12","withouttax":"5952"},
                             {"title":"Tidning","quantity":"3","aprice":"47","taxrate":"6","withouttax":"142"}],
                 "Cart":{"Shipping":{"withouttax":"4900","taxrate":"25"},
                         "Total":{"withouttax":"34970","tax":"7941","rounding":"0","withtax":"42911"}}}
                """);
        assertEquals(Optional.empty(), CartRules.check(order25));
        assertEquals(new TaxByRate(Map.of(new BigDecimal("25"), new Part(28876, 7219), new BigDecimal("12"), new Part(5952, 714),
                new BigDecimal("6"), new Part(142, 9), BigDecimal.ZERO, new Part(-1, 0))), CartVat.split(order25));
        assertEquals(42911, CartVat.split(order25).withTax());

        // Two öre more of Total.tax change no rate's VAT.
        replace((ObjectNode) order25, "/Cart/Total/tax", "\"7943\"");
        replace((ObjectNode) order25, "/Cart/Total/withtax", "\"42913\"");
        assertEquals(new TaxByRate(Map.of(new BigDecimal("25"), new Part(28876, 7219), new BigDecimal("12"), new Part(5952, 714),
                new BigDecimal("6"), new Part(142, 9), BigDecimal.ZERO, new Part(1, 0))), CartVat.split(order25));
    }

    @Test
    void aTotalRoundingIsNetAtRateZeroInTheSplit() {
        ObjectNode data = (ObjectNode) parse(CART);
        replace(data, "/Cart/Total/rounding", "\"-25\"");
        replace(data, "/Cart/Total/withtax", "\"36700\"");
        assertEquals(Optional.empty(), CartRules.check(data));
        assertEquals(new Part(-25, 0), CartVat.split(data).at(BigDecimal.ZERO));
        assertEquals(36700, CartVat.split(data).withTax());
    }

    private static void replace(ObjectNode data, String pointer, String replacement) {
        JsonNode parent = data.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent.isArray()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(name), parse(replacement));
        } else if (parent.isObject() && !pointer.substring(0, pointer.lastIndexOf('/')).isEmpty()) {
            if (replacement == null) {
                ((ObjectNode) parent).remove(name);
            } else {
                ((ObjectNode) parent).set(name, parse(replacement));
            }
        } else {
            data.set(name, parse(replacement));
        }
    }

    private static JsonNode parse(String json) {
        try {
            return SandboxJson.parse(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
