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
     * One article per row at its rate (a row whose tax WooCommerce spread over several rates, a
     * negative fee, becomes one article per rate); one shipping row as {@code Cart.Shipping};
     * {@code Total.tax} and {@code withtax} the shop's own, rounding the difference.
     */
    private static void cart(JsonNode order, ObjectNode data) {
        Map<String, BigDecimal> rates = new HashMap<>();
        for (JsonNode taxLine : order.path("tax_lines")) {
            rates.put(taxLine.path("rate_id").asText(), new BigDecimal(taxLine.path("rate_percent").asText("0")));
        }
        ArrayNode articles = data.putArray("Articles");
        long withouttax = 0;
        JsonNode shipping = order.path("shipping_lines");
        for (String array : new String[] {"line_items", "fee_lines", "shipping_lines"}) {
            for (JsonNode row : order.path(array)) {
                long total = minor(row.path("total").asText("0"));
                withouttax += total;
                if (array.equals("shipping_lines") && shipping.size() == 1) {
                    data.putObject("Cart").putObject("Shipping").put("withouttax", Long.toString(total))
                            .put("taxrate", rateOf(row, rates).stripTrailingZeros().toPlainString());
                    continue;
                }
                Map<BigDecimal, Long> netByRate = netByRate(row, total, rates);
                for (Map.Entry<BigDecimal, Long> part : netByRate.entrySet()) {
                    String title = row.path("name").asText(row.path("method_title").asText("Row"));
                    BigDecimal quantity = netByRate.size() == 1 && array.equals("line_items")
                            ? new BigDecimal(row.path("quantity").asText("1")) : BigDecimal.ONE;
                    long aprice = BigDecimal.valueOf(part.getValue()).divide(quantity, 0, RoundingMode.HALF_UP).longValueExact();
                    articles.addObject()
                            .put("artnr", row.path("sku").asText(array.equals("fee_lines") ? "fee" : ""))
                            .put("title", title.isBlank() ? "Row" : title)
                            .put("quantity", quantity.stripTrailingZeros().toPlainString())
                            .put("aprice", Long.toString(aprice))
                            .put("taxrate", part.getKey().stripTrailingZeros().toPlainString())
                            .put("discount", "0")
                            .put("withouttax", Long.toString(part.getValue()));
                }
            }
        }
        long tax = minor(order.path("total_tax").asText("0"));
        long withtax = minor(order.path("total").asText("0"));
        ObjectNode cart = data.has("Cart") ? (ObjectNode) data.get("Cart") : data.putObject("Cart");
        cart.putObject("Total").put("withouttax", Long.toString(withouttax)).put("tax", Long.toString(tax))
                .put("rounding", Long.toString(withtax - withouttax - tax)).put("withtax", Long.toString(withtax));
    }

    /** A row's net per rate: at its one rate, or split by the tax WooCommerce charged at each. */
    private static Map<BigDecimal, Long> netByRate(JsonNode row, long total, Map<String, BigDecimal> rates) {
        Map<BigDecimal, BigDecimal> taxByRate = new LinkedHashMap<>();
        for (JsonNode tax : row.path("taxes")) {
            String amount = tax.path("total").asText("");
            if (!amount.isBlank() && new BigDecimal(amount).signum() != 0) {
                taxByRate.merge(rates.getOrDefault(tax.path("id").asText(), BigDecimal.ZERO), new BigDecimal(amount), BigDecimal::add);
            }
        }
        Map<BigDecimal, Long> net = new LinkedHashMap<>();
        if (taxByRate.size() <= 1) {
            net.put(taxByRate.isEmpty() ? rateOf(row, rates) : taxByRate.keySet().iterator().next(), total);
            return net;
        }
        long left = total;
        int i = 0;
        for (Map.Entry<BigDecimal, BigDecimal> rate : taxByRate.entrySet()) {
            long part = ++i == taxByRate.size() ? left : rate.getValue().multiply(BigDecimal.valueOf(10_000))
                    .divide(rate.getKey(), 0, RoundingMode.HALF_UP).longValueExact();
            net.put(rate.getKey(), part);
            left -= part;
        }
        return net;
    }

    /** The rate of a row's first tax (a row without tax, or at 0.00, keeps its class's rate if it has one). */
    private static BigDecimal rateOf(JsonNode row, Map<String, BigDecimal> rates) {
        for (JsonNode tax : row.path("taxes")) {
            BigDecimal rate = rates.get(tax.path("id").asText());
            if (rate != null) {
                return rate;
            }
        }
        return BigDecimal.ZERO;
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
