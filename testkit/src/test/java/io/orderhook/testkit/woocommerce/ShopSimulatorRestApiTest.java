package io.orderhook.testkit.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

class ShopSimulatorRestApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ShopSimulator shop;

    @AfterEach
    void closeShop() {
        if (shop != null) {
            shop.close();
        }
    }

    private ShopSimulator start(UnaryOperator<ShopSimulator.Builder> configure) {
        shop = configure.apply(ShopSimulator.builder().restKey("ck_demo", "cs_demo").swedishVat()).build().start();
        return shop;
    }

    private record Reply(int status, String text, JsonNode json) {}

    /** A request as a client of a shop on plain http makes it: OAuth 1.0a-signed (none without a key). */
    private Reply call(String method, String path, String body, String key, String secret) throws Exception {
        String url = shop.restUrl() + path.substring(1);
        if (key != null) {
            url = signed(method, url, key, secret);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException notJson) {
            // the outage page is HTML
        }
        return new Reply(response.statusCode(), response.body(), json);
    }

    private Reply call(String method, String path, String body) throws Exception {
        return call(method, path, body, "ck_demo", "cs_demo");
    }

    /** The URL with its query and the OAuth parameters, signed by the testkit's own WooOAuth. */
    static String signed(String method, String url, String key, String secret) {
        int q = url.indexOf('?');
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(WooOAuth.urldecode(pair.substring(0, eq)), WooOAuth.urldecode(pair.substring(eq + 1)));
            }
        }
        String bare = q < 0 ? url : url.substring(0, q);
        return bare + "?" + WooOAuth.signedQuery(method, bare, query, key, secret, "HMAC-SHA256",
                java.time.Instant.now().getEpochSecond(), java.util.UUID.randomUUID().toString().replace("-", ""));
    }

    // ------------------------------------------------------------------ shapes

    @Test
    void creatingAnOrderAnswersTheRestV3ShapeWithGmtAndSiteDatesAndEscapedSlashes() throws Exception {
        start(b -> b.timeZone(ZoneId.of("Europe/Stockholm")));
        Reply created = call("POST", "/orders", """
                {"payment_method":"bco","payment_method_title":"Billmate Checkout","transaction_id":"123456",
                 "set_paid":true,"billing":{"first_name":"Tess","email":"tess@example.com"},
                 "line_items":[{"name":"Mössa","sku":"CAP-1","quantity":2,"price":"100.00"}],
                 "shipping_lines":[{"method_id":"flat_rate","method_title":"Flat rate","total":"49.00"}],
                 "meta_data":[{"key":"_billmate_invoice_id","value":"42"}]}""");

        assertEquals(201, created.status());
        JsonNode order = created.json();
        assertEquals("processing", order.get("status").asText());
        assertEquals("bco", order.get("payment_method").asText());
        assertEquals("123456", order.get("transaction_id").asText());
        assertEquals("SEK", order.get("currency").asText());
        assertFalse(order.get("prices_include_tax").asBoolean());
        assertNotEquals(order.get("date_created").asText(), order.get("date_created_gmt").asText(),
                "Stockholm is never at GMT, so the site date differs from the GMT one");
        assertTrue(order.get("date_modified_gmt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"));
        JsonNode line = order.get("line_items").get(0);
        assertEquals("Mössa", line.get("name").asText());
        assertEquals("CAP-1", line.get("sku").asText());
        assertEquals(2, line.get("quantity").asInt());
        assertEquals("200.00", line.get("subtotal").asText());
        assertEquals("50.00", line.get("total_tax").asText());
        assertEquals(1, line.get("taxes").get(0).get("id").asInt());
        assertEquals(100, line.get("price").asInt());
        JsonNode taxLine = order.get("tax_lines").get(0);
        assertEquals(25, taxLine.get("rate_percent").asInt());
        assertEquals("SE-MOMS 25%-1", taxLine.get("rate_code").asText());
        assertEquals("50.00", taxLine.get("tax_total").asText());
        assertEquals("12.25", taxLine.get("shipping_tax_total").asText());
        assertEquals("_billmate_invoice_id", order.get("meta_data").get(0).get("key").asText());
        assertEquals(0, order.get("refunds").size());
        assertTrue(created.text().contains("\\/wp-json\\/wc\\/v3\\/orders\\/"), "WordPress escapes slashes");
        assertTrue(created.text().contains("M\\u00f6ssa"), "WordPress escapes non-ASCII as lowercase \\u");

        String id = order.get("id").asText();
        Reply fetched = call("GET", "/orders/" + id, null);
        assertEquals(200, fetched.status());
        assertEquals(order, fetched.json());
        Reply list = call("GET", "/orders?status=processing", null);
        assertEquals(1, list.json().size());
        assertEquals(id, list.json().get(0).get("id").asText());
    }

    static Stream<Arguments> totals() {
        return Stream.of(
                Arguments.of("prices without tax, 25 % and taxed shipping",
                        (UnaryOperator<ShopSimulator.Builder>) b -> b,
                        NewOrder.paidWith("bco").product("A", "A", 2, "100.00").shipping("Post", "49.00"),
                        Map.of("/total", "311.25", "/total_tax", "62.25", "/cart_tax", "50.00", "/shipping_tax", "12.25",
                                "/line_items/0/subtotal", "200.00", "/line_items/0/total_tax", "50.00",
                                "/shipping_lines/0/total_tax", "12.25")),
                Arguments.of("prices with tax: the net is the gross less the rounded line tax",
                        (UnaryOperator<ShopSimulator.Builder>) b -> b.pricesIncludeTax(true),
                        NewOrder.paidWith("bco").product("A", "A", 1, "99.00").product("B", "B", 1, "59.00", "reduced-rate"),
                        Map.of("/total", "158.00", "/total_tax", "26.12", "/line_items/0/total", "79.20",
                                "/line_items/0/total_tax", "19.80", "/line_items/1/total", "52.68",
                                "/line_items/1/total_tax", "6.32", "/tax_lines/1/rate_percent", "12",
                                "/tax_lines/1/tax_total", "6.32")),
                Arguments.of("percent coupon on prices without tax",
                        (UnaryOperator<ShopSimulator.Builder>) b -> b.coupon(CouponSpec.percent("TEN", "10")),
                        NewOrder.paidWith("bco").product("A", "A", 2, "100.00").coupon("TEN"),
                        Map.of("/total", "225.00", "/discount_total", "20.00", "/discount_tax", "5.00",
                                "/line_items/0/subtotal", "200.00", "/line_items/0/total", "180.00",
                                "/line_items/0/total_tax", "45.00", "/coupon_lines/0/code", "ten",
                                "/coupon_lines/0/discount", "20.00", "/coupon_lines/0/discount_tax", "5.00")),
                Arguments.of("fixed cart coupon spread over rows on prices with tax",
                        (UnaryOperator<ShopSimulator.Builder>) b -> b.pricesIncludeTax(true)
                                .coupon(CouponSpec.fixedCart("FIFTY", "50.00")),
                        NewOrder.paidWith("bco").product("A", "A", 1, "100.00").product("B", "B", 1, "100.00").coupon("FIFTY"),
                        Map.of("/total", "150.00", "/discount_total", "40.00", "/discount_tax", "10.00",
                                "/line_items/0/total", "60.00", "/line_items/1/total_tax", "15.00",
                                "/line_items/1/subtotal", "80.00")),
                Arguments.of("taxable fee",
                        (UnaryOperator<ShopSimulator.Builder>) b -> b,
                        NewOrder.paidWith("bco").product("A", "A", 1, "100.00").fee("Invoice fee", "29.00"),
                        Map.of("/total", "161.25", "/fee_lines/0/total", "29.00", "/fee_lines/0/total_tax", "7.25",
                                "/tax_lines/0/tax_total", "32.25")),
                Arguments.of("rounding at subtotal rounds the tax lines, not each line, and loses a cent, as WooCommerce does",
                        (UnaryOperator<ShopSimulator.Builder>) b -> b.pricesIncludeTax(true).roundTaxAtSubtotal(true),
                        NewOrder.paidWith("bco").product("A", "A", 1, "10.05", "reduced-rate")
                                .product("B", "B", 1, "10.05", "reduced-rate").product("C", "C", 1, "10.05", "reduced-rate"),
                        // WooCommerce 10 writes the line's unrounded 1.076786 with two decimals (real order 61).
                        Map.of("/line_items/0/taxes/0/total", "1.08", "/line_items/0/total_tax", "1.08",
                                "/line_items/0/total", "8.97", "/tax_lines/0/tax_total", "3.23", "/total", "30.14")),
                Arguments.of("rounding per line (the default) keeps the gross",
                        (UnaryOperator<ShopSimulator.Builder>) b -> b.pricesIncludeTax(true),
                        NewOrder.paidWith("bco").product("A", "A", 1, "10.05", "reduced-rate")
                                .product("B", "B", 1, "10.05", "reduced-rate").product("C", "C", 1, "10.05", "reduced-rate"),
                        Map.of("/line_items/0/taxes/0/total", "1.08", "/tax_lines/0/tax_total", "3.24", "/total", "30.15")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("totals")
    void ordersAreTotalledAsWooCommerceTotalsThem(String name, UnaryOperator<ShopSimulator.Builder> configure,
                                                   NewOrder order, Map<String, String> expected) {
        start(configure);
        JsonNode json = shop.order(shop.createOrder(order));
        expected.forEach((pointer, value) -> assertEquals(value, json.at(pointer).asText(), pointer + " in " + json));
    }

    // ------------------------------------------------------------------ auth and statuses

    @Test
    void requestsWithoutOrWithWrongCredentialsAreRefusedWith401() throws Exception {
        start(b -> b);
        String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));

        Reply anonymous = call("GET", "/orders/" + id, null, null, null);
        assertEquals(401, anonymous.status());
        assertEquals("woocommerce_rest_cannot_view", anonymous.json().get("code").asText());
        assertEquals(401, anonymous.json().at("/data/status").asInt());

        Reply wrongKey = call("GET", "/orders/" + id, null, "ck_other", "cs_demo");
        assertEquals(401, wrongKey.status());
        assertEquals("Consumer key is invalid.", wrongKey.json().get("message").asText());
        Reply wrongSecret = call("PUT", "/orders/" + id, "{\"status\":\"completed\"}", "ck_demo", "cs_other");
        assertEquals(401, wrongSecret.status());
        assertEquals("processing", shop.status(id), "a refused request changes nothing");

        // Over plain http WooCommerce reads neither Basic auth nor query-string keys: the caller is anonymous.
        HttpResponse<String> byQuery = HTTP.send(HttpRequest.newBuilder(URI.create(
                shop.restUrl() + "orders/" + id + "?consumer_key=ck_demo&consumer_secret=cs_demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, byQuery.statusCode());
        assertTrue(byQuery.body().contains("woocommerce_rest_cannot_view"), byQuery.body());
    }

    @Test
    void aReadOnlyKeyCannotWrite() throws Exception {
        start(b -> b.keyPermissions(ShopSimulator.KeyPermissions.READ));
        String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
        assertEquals(200, call("GET", "/orders/" + id, null).status());
        Reply note = call("POST", "/orders/" + id + "/notes", "{\"note\":\"hello\"}");
        assertEquals(401, note.status());
        assertEquals("The API key provided does not have write permissions.", note.json().get("message").asText());
    }

    @Test
    void anUnregisteredStatusIsRefusedWith400AndARegisteredCustomOneIsAccepted() throws Exception {
        start(b -> b);
        String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));

        Reply refused = call("PUT", "/orders/" + id, "{\"status\":\"shipped\"}");
        assertEquals(400, refused.status());
        assertEquals("rest_invalid_param", refused.json().get("code").asText());
        assertEquals("Invalid parameter(s): status", refused.json().get("message").asText());
        assertTrue(refused.json().at("/data/params/status").asText().startsWith("status is not one of pending, processing"));
        assertEquals("processing", shop.status(id));

        shop.registerStatus("shipped", "Shipped");
        Reply accepted = call("PUT", "/orders/" + id, "{\"status\":\"shipped\"}");
        assertEquals(200, accepted.status());
        assertEquals("shipped", shop.status(id));
        assertEquals("Order status changed from Processing to Shipped.",
                shop.notes(id, OrderNote.Origin.STATUS_CHANGE).get(1).note());
        assertThrows(IllegalArgumentException.class, () -> shop.registerStatus("wc-shipped", "Shipped"));
        assertThrows(IllegalArgumentException.class, () -> shop.registerStatus("a-status-name-too-long", "Too long"));
    }

    // ------------------------------------------------------------------ notes and refunds

    @Test
    void ordersAreListedByModificationTimeStrictlyAfterTheGivenTime() throws Exception {
        start(b -> b);
        String older = shop.createOrder(NewOrder.paidWith("bco").status("processing").product("A", "A", 1, "10.00"));
        Thread.sleep(1100);
        String newer = shop.createOrder(NewOrder.paidWith("bco").status("processing").product("A", "A", 1, "10.00"));
        String olderModified = shop.order(older).get("date_modified_gmt").asText();

        Reply after = call("GET", "/orders?status=processing&dates_are_gmt=true&modified_after=" + olderModified, null);
        assertEquals(200, after.status());
        assertEquals(1, after.json().size(), "strictly after: the order modified at that second is left out");
        assertEquals(newer, after.json().get(0).get("id").asText());
        Reply withOffset = call("GET", "/orders?status=processing&modified_after=" + olderModified + "Z", null);
        assertEquals(1, withOffset.json().size());

        Reply unreadable = call("GET", "/orders?modified_after=yesterday", null);
        assertEquals(400, unreadable.status());
        assertEquals("rest_invalid_param", unreadable.json().get("code").asText());
    }

    @Test
    void notesAreCreatedAndListedNewestFirstWithoutChangingTheOrder() throws Exception {
        start(b -> b);
        String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
        String modified = shop.order(id).get("date_modified_gmt").asText();

        Reply first = call("POST", "/orders/" + id + "/notes", "{\"note\":\"Billmate reservation was successfully cancelled\"}");
        Reply second = call("POST", "/orders/" + id + "/notes", "{\"note\":\"Thanks!\",\"customer_note\":true}");
        assertEquals(201, first.status());
        assertEquals("system", first.json().get("author").asText());
        assertFalse(first.json().get("customer_note").asBoolean());
        assertTrue(second.json().get("customer_note").asBoolean());

        Reply list = call("GET", "/orders/" + id + "/notes", null);
        assertEquals("Thanks!", list.json().get(0).get("note").asText());
        assertEquals("Billmate reservation was successfully cancelled", list.json().get(1).get("note").asText());
        assertEquals(2, shop.notes(id, OrderNote.Origin.REST_API).size());
        assertEquals(modified, shop.order(id).get("date_modified_gmt").asText());

        Reply missing = call("POST", "/orders/" + id + "/notes", "{}");
        assertEquals(400, missing.status());
        assertEquals("rest_missing_callback_param", missing.json().get("code").asText());
        Reply unknownOrder = call("POST", "/orders/999999/notes", "{\"note\":\"x\"}");
        assertEquals(404, unknownOrder.status());
    }

    @Test
    void aRefundWithRowsIsListedOnTheOrderAndReadBackWithNegativeRows() throws Exception {
        start(b -> b.pricesIncludeTax(true));
        String id = shop.createOrder(NewOrder.paidWith("bco").transactionId("123").product("A", "Shirt", 2, "125.00")
                .shipping("Post", "40.00"));
        String lineId = shop.lineId(id, "A");

        Reply created = call("POST", "/orders/" + id + "/refunds", """
                {"amount":"125.00","reason":"Too small","api_refund":false,
                 "line_items":[{"id":%s,"quantity":1,"refund_total":100,"refund_tax":[{"id":1,"refund_total":25}]}]}"""
                .formatted(lineId));
        assertEquals(201, created.status());
        String refundId = created.json().get("id").asText();

        Reply refund = call("GET", "/orders/" + id + "/refunds/" + refundId, null);
        assertEquals("125.00", refund.json().get("amount").asText());
        assertEquals("Too small", refund.json().get("reason").asText());
        assertFalse(refund.json().get("refunded_payment").asBoolean());
        JsonNode row = refund.json().get("line_items").get(0);
        assertEquals(-1, row.get("quantity").asInt());
        assertEquals("-100.00", row.get("total").asText());
        assertEquals("-25.00", row.get("total_tax").asText());
        assertEquals("-25.00", row.at("/taxes/0/total").asText());
        assertEquals("A", row.get("sku").asText());
        assertEquals("_refunded_item_id", row.at("/meta_data/0/key").asText());
        assertEquals(lineId, row.at("/meta_data/0/value").asText());

        JsonNode order = shop.order(id);
        assertEquals(refundId, order.at("/refunds/0/id").asText());
        assertEquals("-125.00", order.at("/refunds/0/total").asText());
        assertEquals("processing", order.get("status").asText());

        Reply tooMuch = call("POST", "/orders/" + id + "/refunds", "{\"amount\":\"1000.00\"}");
        assertEquals(500, tooMuch.status());
        assertEquals("woocommerce_rest_cannot_create_order_refund", tooMuch.json().get("code").asText());

        shop.refund(id, RefundSpec.lines().line(lineId, 1).wholeLine(shop.shippingLineIds(id).get(0)).reason("Rest"));
        JsonNode refunded = shop.order(id);
        assertEquals("refunded", refunded.get("status").asText(), "a fully refunded order becomes refunded");
        assertEquals(2, refunded.get("refunds").size());
        assertEquals("-175.00", refunded.at("/refunds/0/total").asText(), "newest first: 125 + 40 + 10 shipping tax");
    }

    @Test
    void theMerchantEditsRowsOnlyWhileTheOrderIsOnHold() {
        start(b -> b);
        String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 2, "10.00").product("B", "B", 1, "5.00"));
        assertThrows(IllegalStateException.class, () -> shop.editOrder(id, edit -> edit.setQuantity(shop.lineId(id, "A"), 1)));

        shop.setStatus(id, "on-hold");
        String lineA = shop.lineId(id, "A");
        String lineB = shop.lineId(id, "B");
        shop.editOrder(id, edit -> edit.setQuantity(lineA, 1).removeLine(lineB).addProduct("C", "C", 3, "1.00"));

        JsonNode order = shop.order(id);
        assertEquals(2, order.get("line_items").size());
        assertEquals(lineA, order.at("/line_items/0/id").asText(), "an edited row keeps its id");
        assertEquals("C", order.at("/line_items/1/sku").asText());
        assertEquals("16.25", order.get("total").asText(), "(10 + 3) * 1.25");
    }

    // ------------------------------------------------------------------ outage and mounting

    @Test
    void anOutageAnswers503AndInjectedFailuresAnswer500ThenTheShopRecovers() throws Exception {
        start(b -> b);
        String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));

        shop.setAvailable(false);
        Reply down = call("GET", "/orders/" + id, null);
        assertEquals(503, down.status());
        assertTrue(down.text().contains("Service Unavailable"));
        shop.setAvailable(true);

        shop.failNextRestCalls(2);
        assertEquals(500, call("POST", "/orders/" + id + "/notes", "{\"note\":\"a\"}").status());
        Reply second = call("POST", "/orders/" + id + "/notes", "{\"note\":\"a\"}");
        assertEquals("internal_server_error", second.json().get("code").asText());
        assertEquals(201, call("POST", "/orders/" + id + "/notes", "{\"note\":\"a\"}").status());
        assertEquals(1, shop.notes(id, OrderNote.Origin.REST_API).size(), "failed calls change nothing");

        shop.failNextRestCalls(1, 429);
        assertEquals(429, call("GET", "/orders/" + id, null).status());
        assertEquals(3, shop.restCallCount("POST", "/orders/" + id + "/notes"));
        assertEquals(2, shop.restCallCount("GET", "/orders/" + id), "the 503 and the 429");
    }

    @Test
    void theRestApiCanBeMountedUnderAPathPrefix() throws Exception {
        start(b -> b);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sandbox/woocommerce", shop.httpHandler());
        server.start();
        try {
            URI site = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sandbox/woocommerce");
            shop.setSiteUrl(site);
            String id = shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                    signed("GET", site + "/wp-json/wc/v3/orders/" + id, "ck_demo", "cs_demo"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            JsonNode order = JSON.readTree(response.body());
            assertEquals(site + "/wp-json/wc/v3/orders/" + id, order.at("/_links/self/0/href").asText());
            assertEquals(site + "/wp-json/wc/v3/", shop.restUrl().toString());
            assertEquals(1, shop.restCallCount("GET", "/orders/" + id));
        } finally {
            server.stop(0);
        }
    }
}
