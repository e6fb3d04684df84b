package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.orderhook.order.TaxSplit.Part;
import io.orderhook.provider.billmate.BillmateJson;

/** The customer's checkout reserves an order with the cart Billmate Checkout for WooCommerce builds, not orderhook's. */
class BillmateCheckoutTest {

    private static BillmateSandbox sandbox;
    private static BillmateCheckout checkout;

    @BeforeAll
    static void start() {
        sandbox = BillmateSandbox.start().merchant("1", "k");
        checkout = new BillmateCheckout(sandbox.endpoint(), "1", "k");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void order30IsReservedWithThePluginsRowsAndTheShopsTotalTax() throws Exception {
        String number = checkout.pay(RealOrders.order("30").orderJson(), BillmateCheckout.INVOICE);

        BillmateSandbox.Payment reserved = sandbox.payment(number).orElseThrow();
        // Each line's total as withouttax and aprice over its quantity, its own tax over its total in
        // whole percent (0.08 on 1.42 is 5.6 %: 6), all shipping as Cart.Shipping, rounding 0.
        assertEquals(BillmateJson.parse("""
                [{"artnr":"MOMS25-9990","title":"Kaffe 25","quantity":"3","aprice":"7992","withouttax":"23976","taxrate":"25"},
                 {"artnr":"MOMS12-3333","title":"Bok 12","quantity":"2","aprice":"2976","withouttax":"5952","taxrate":"12"},
                 {"artnr":"MOMS6-050","title":"Tidning 6","quantity":"3","aprice":"47","withouttax":"142","taxrate":"6"}]"""),
                reserved.articles());
        assertEquals(BillmateJson.parse("""
                {"Shipping":{"withouttax":"4900","taxrate":"25"},
                 "Total":{"withouttax":"34970","tax":"7941","rounding":"0","withtax":"42911"}}"""), reserved.cart());
        // Billmate books each row's VAT: 0.09 at 6 % where the shop's tax line says 0.08, and the öre
        // Total.tax is below the rows' VAT at no rate.
        assertEquals(new TaxByRate.Part(142, 9), reserved.chargedByRate().at(new BigDecimal("6")));
        assertEquals(new TaxByRate.Part(-1, 0), reserved.chargedByRate().at(BigDecimal.ZERO));
    }

    @Test
    void aNegativeFeeTaxedOverThreeRatesIsOneRowPerRateWhichBillmateTakes() throws Exception {
        String number = checkout.pay(RealOrders.order("46").orderJson(), BillmateCheckout.INVOICE);

        JsonNode articles = sandbox.payment(number).orElseThrow().articles();
        // The plugin would send the fee at 0 %, 4.66 of tax that no row carries (9114); here it is
        // divided by the tax WooCommerce charged at each rate: 4.35 at 25 %, 0.30 at 12 %, the rest at 6 %.
        assertEquals(BillmateJson.parse("""
                [{"artnr":"98","title":"Rabatt","quantity":"1","aprice":"-1740","withouttax":"-1740","taxrate":"25"},
                 {"artnr":"98","title":"Rabatt","quantity":"1","aprice":"-250","withouttax":"-250","taxrate":"12"},
                 {"artnr":"98","title":"Rabatt","quantity":"1","aprice":"-10","withouttax":"-10","taxrate":"6"}]"""),
                feeRows(articles));
        assertEquals(27122, sandbox.payment(number).orElseThrow().totalWithTax(), "the shop's 271.22");
    }

    private static JsonNode feeRows(JsonNode articles) {
        ArrayNode fees = BillmateJson.object().arrayNode();
        articles.forEach(article -> {
            if (article.path("artnr").asText().equals("98")) {
                fees.add(article);
            }
        });
        return fees;
    }
}
