package io.orderhook.testkit.billmate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The customer's checkout with Billmate, as the shop's checkout plugin does it: {@code addPayment}
 * for a WooCommerce order (its REST v3 JSON), which reserves the payment (or, for bank, cash and
 * Swish, takes it at once). Checkout is not order management, so this is test and demo support,
 * written apart from orderhook's client: its own cart from the order JSON, its own request and
 * its own hash ({@link SandboxJson}).
 */
public final class BillmateCheckout {
    /** Billmate's payment methods (Snippets-Request.md, PaymentData.method). */
    public static final int INVOICE = 1;
    public static final int CARD = 8;
    public static final int BANK = 16;
    public static final int SWISH = 1024;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI endpoint;
    private final String merchantId;
    private final String secret;

    public BillmateCheckout(URI endpoint, String merchantId, String secret) {
        this.endpoint = endpoint;
        this.merchantId = merchantId;
        this.secret = secret;
    }

    /**
     * Pays for {@code order} with {@code method}: answers the payment number.
     *
     * @throws IllegalStateException when Billmate refuses (with its code and message)
     */
    public String pay(JsonNode order, int method) {
        ObjectNode data = JSON.objectNode();
        JsonNode billing = order.path("billing");
        String country = billing.path("country").asText("").isBlank() ? "SE" : billing.path("country").asText();
        data.putObject("PaymentData")
                .put("method", Integer.toString(method))
                .put("currency", order.path("currency").asText("SEK"))
                .put("language", "sv")
                .put("country", country)
                .put("orderid", order.path("number").asText(order.path("id").asText()))
                .put("autoactivate", "0");
        ObjectNode customer = data.putObject("Customer").putObject("Billing");
        customer.put("firstname", billing.path("first_name").asText(""))
                .put("lastname", billing.path("last_name").asText(""))
                .put("street", billing.path("address_1").asText(""))
                .put("zip", billing.path("postcode").asText(""))
                .put("city", billing.path("city").asText(""))
                .put("country", country)
                .put("email", billing.path("email").asText(""));
        cart(order, data);
        JsonNode answer = post("addPayment", data);
        return answer.path("number").asText();
    }

    /**
     * Pays with a cart given as a request's {@code Articles} and {@code Cart} (for tests of
     * particular carts), for a test customer.
     */
    public String payCart(String orderId, int method, JsonNode articlesAndCart) {
        ObjectNode data = JSON.objectNode();
        data.putObject("PaymentData").put("method", Integer.toString(method)).put("currency", "SEK").put("language", "sv")
                .put("country", "SE").put("orderid", orderId).put("autoactivate", "0");
        data.putObject("Customer").putObject("Billing").put("firstname", "Tess").put("lastname", "Persson")
                .put("country", "SE").put("email", "tess.persson@example.com");
        data.set("Articles", articlesAndCart.path("Articles").deepCopy());
        data.set("Cart", articlesAndCart.path("Cart").deepCopy());
        return post("addPayment", data).path("number").asText();
    }

    /**
     * The cart as Billmate Checkout for WooCommerce builds it from an order (its order helpers,
     * {@code BCO_Order_Articles_Helper} and {@code BCO_Order_Cart_Helper}), not as orderhook would:
     * <ul>
     * <li>one article per product and fee line: {@code artnr} the SKU or else the product id (a
     *     fee: its item id), the line's quantity, {@code aprice} its total over the quantity and
     *     {@code withouttax} its total (after coupons, no {@code discount}), {@code taxrate} its own
     *     tax over its total, in whole percent (0 for a line without tax);</li>
     * <li>every shipping line together as {@code Cart.Shipping}, at the order's shipping tax over
     *     its shipping total in whole percent;</li>
     * <li>{@code Total}: the shop's total less its {@code total_tax}, the shop's {@code total_tax},
     *     rounding 0, the shop's total.</li>
     * </ul>
     * So Billmate books each row's own VAT while {@code Total.tax} is the shop's, and the booked
     * VAT per rate can differ from the order's tax lines by an öre or two. One deviation: the
     * plugin sends a fee with negative tax at 0 %, which leaves {@code Total.tax} further from the
     * rows' VAT than Billmate allows (9114); here such a fee is one row per rate it was taxed at.
     */
    private static void cart(JsonNode order, ObjectNode data) {
        Map<String, BigDecimal> rates = new HashMap<>();
        for (JsonNode taxLine : order.path("tax_lines")) {
            rates.put(taxLine.path("rate_id").asText(), new BigDecimal(taxLine.path("rate_percent").asText("0")));
        }
        ArrayNode articles = data.putArray("Articles");
        for (String array : new String[] {"line_items", "fee_lines"}) {
            boolean fee = array.equals("fee_lines");
            for (JsonNode row : order.path(array)) {
                long total = minor(row.path("total").asText("0"));
                long tax = minor(row.path("total_tax").asText("0"));
                String artnr = fee ? row.path("id").asText()
                        : row.path("sku").asText("").isBlank() ? row.path("product_id").asText() : row.path("sku").asText();
                // A fee added in the admin may have no name; Billmate wants a title (9004).
                String title = row.path("name").asText("").isBlank() ? (fee ? "Fee" : "Article") : row.path("name").asText();
                if (fee && tax < 0) {
                    for (Map.Entry<BigDecimal, Long> part : netByRate(row, total, rates).entrySet()) {
                        article(articles, artnr, title, BigDecimal.ONE, part.getValue(), part.getKey());
                    }
                } else {
                    BigDecimal quantity = new BigDecimal(row.path("quantity").asText("1"));
                    article(articles, artnr, title, quantity.signum() == 0 ? BigDecimal.ONE : quantity, total,
                            wholePercent(tax, total));
                }
            }
        }
        long shipping = minor(order.path("shipping_total").asText("0"));
        long shippingTax = minor(order.path("shipping_tax").asText("0"));
        ObjectNode cart = data.putObject("Cart");
        cart.putObject("Shipping").put("withouttax", Long.toString(shipping))
                .put("taxrate", wholePercent(shippingTax, shipping).toPlainString());
        long withtax = minor(order.path("total").asText("0"));
        long totalTax = minor(order.path("total_tax").asText("0"));
        cart.putObject("Total").put("withouttax", Long.toString(withtax - totalTax)).put("tax", Long.toString(totalTax))
                .put("rounding", "0").put("withtax", Long.toString(withtax));
    }

    private static void article(ArrayNode articles, String artnr, String title, BigDecimal quantity, long withouttax,
            BigDecimal taxrate) {
        articles.addObject()
                .put("artnr", artnr)
                .put("title", title)
                .put("quantity", quantity.stripTrailingZeros().toPlainString())
                .put("aprice", Long.toString(BigDecimal.valueOf(withouttax).divide(quantity, 0, RoundingMode.HALF_UP)
                        .longValueExact()))
                .put("withouttax", Long.toString(withouttax))
                .put("taxrate", taxrate.stripTrailingZeros().toPlainString());
    }

    /** A line's tax over its total in whole percent, half away from zero as PHP's round(); 0 without tax. */
    private static BigDecimal wholePercent(long tax, long total) {
        if (tax <= 0 || total == 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(tax).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(total), 0,
                RoundingMode.HALF_UP);
    }

    /** A fee's net per rate, divided by the tax WooCommerce charged at each (the last rate takes what is left). */
    private static Map<BigDecimal, Long> netByRate(JsonNode row, long total, Map<String, BigDecimal> rates) {
        Map<BigDecimal, BigDecimal> taxByRate = new LinkedHashMap<>();
        for (JsonNode tax : row.path("taxes")) {
            String amount = tax.path("total").asText("");
            if (!amount.isBlank() && new BigDecimal(amount).signum() != 0) {
                taxByRate.merge(rates.getOrDefault(tax.path("id").asText(), BigDecimal.ZERO), new BigDecimal(amount), BigDecimal::add);
            }
        }
        Map<BigDecimal, Long> net = new LinkedHashMap<>();
        long left = total;
        int i = 0;
        for (Map.Entry<BigDecimal, BigDecimal> rate : taxByRate.entrySet()) {
            long part = ++i == taxByRate.size() ? left
                    : rate.getValue().multiply(BigDecimal.valueOf(10_000)).divide(rate.getKey(), 0, RoundingMode.HALF_UP)
                            .longValueExact();
            net.put(rate.getKey(), part);
            left -= part;
        }
        return net;
    }

    private static long minor(String decimal) {
        return new BigDecimal(decimal.isBlank() ? "0" : decimal).movePointRight(2).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private JsonNode post(String function, ObjectNode data) {
        ObjectNode request = JSON.objectNode();
        request.putObject("credentials").put("id", merchantId).put("hash", SandboxJson.hash(data, secret))
                .put("version", "2.1.6").put("client", "checkout:test").put("language", "sv").put("test", "true");
        request.set("data", data);
        request.put("function", function);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SandboxJson.encode(request), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode answer = SandboxJson.parse(response.body());
            JsonNode error = answer.has("code") ? answer : answer.path("data");
            if (error.has("code")) {
                throw new IllegalStateException("Billmate refused " + function + ": " + error.path("code").asText() + " "
                        + error.path("message").asText());
            }
            return answer.path("data");
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Billmate at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paying at Billmate", e);
        }
    }
}
