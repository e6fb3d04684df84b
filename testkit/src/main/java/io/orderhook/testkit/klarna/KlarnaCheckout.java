package io.orderhook.testkit.klarna;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The customer's checkout with Klarna, as the shop's Klarna plugin finishes it: Klarna Payments'
 * {@code POST /payments/v1/authorizations/{token}/order} places an authorised order for a
 * WooCommerce order (its REST v3 JSON) or for given lines. Checkout is not order management, so
 * this is test and demo support, written apart from orderhook's client.
 */
public final class KlarnaCheckout {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI baseUrl;
    private final String authorization;

    public KlarnaCheckout(URI baseUrl, String username, String password) {
        this.baseUrl = URI.create(baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Places {@code wooOrder} paid by invoice and accepted: answers the Klarna order id. */
    public String pay(JsonNode wooOrder) {
        return pay(wooOrder, "checkout-" + UUID.randomUUID());
    }

    /**
     * Places {@code wooOrder} with the customer's authorization token (see
     * {@link KlarnaSandbox#authorizationToken}): one line per WooCommerce row at its rate (a row
     * whose tax WooCommerce spread over several rates, one line per rate), a rounding line for any
     * difference to the order's total.
     *
     * @throws IllegalStateException when Klarna refuses (with its code and message)
     */
    public String pay(JsonNode wooOrder, String authorizationToken) {
        Map<String, BigDecimal> rates = new HashMap<>();
        for (JsonNode taxLine : wooOrder.path("tax_lines")) {
            // Shops before WooCommerce 3.7 send no rate_percent: the rows' own tax then tells the rate.
            if (taxLine.path("rate_percent").isNumber() || !taxLine.path("rate_percent").asText("").isBlank()) {
                rates.put(taxLine.path("rate_id").asText(), new BigDecimal(taxLine.path("rate_percent").asText()));
            }
        }
        ArrayNode lines = JSON.arrayNode();
        for (String array : new String[] {"line_items", "shipping_lines", "fee_lines"}) {
            for (JsonNode row : wooOrder.path(array)) {
                rowLines(row, array, rates, lines);
            }
        }
        long sum = 0;
        for (JsonNode line : lines) {
            sum += line.path("total_amount").asLong();
        }
        long rounding = minor(wooOrder.path("total").asText("0")) - sum;
        if (rounding != 0) {
            lines.add(line(rounding > 0 ? "surcharge" : "discount", "Rounding", 1, rounding, 0, 0));
        }
        return placeOrder(authorizationToken, wooOrder.path("currency").asText("SEK"),
                wooOrder.path("number").asText(wooOrder.path("id").asText()), lines);
    }

    /** Places an order of {@code lines}; the order's amount and tax are theirs. */
    public String placeOrder(String authorizationToken, String currency, String merchantReference, ArrayNode lines) {
        long amount = 0;
        long tax = 0;
        for (JsonNode line : lines) {
            amount += line.path("total_amount").asLong();
            tax += line.path("total_tax_amount").asLong();
        }
        ObjectNode body = JSON.objectNode()
                .put("purchase_country", "SE")
                .put("purchase_currency", currency)
                .put("locale", "sv-SE")
                .put("order_amount", amount)
                .put("order_tax_amount", tax);
        body.set("order_lines", lines);
        body.put("merchant_reference1", merchantReference);
        return post("payments/v1/authorizations/" + authorizationToken + "/order", body).path("order_id").asText();
    }

    /**
     * A line of {@code quantity} at {@code unitPrice} (with tax) less {@code discount}, its tax
     * Klarna's formula rounded half up.
     */
    public static ObjectNode line(String type, String name, long quantity, long unitPrice, int taxRate, long discount) {
        long total = quantity * unitPrice - discount;
        long tax = BigDecimal.valueOf(total).multiply(BigDecimal.valueOf(taxRate))
                .divide(BigDecimal.valueOf(10_000L + taxRate), 0, RoundingMode.HALF_UP).longValueExact();
        return JSON.objectNode().put("type", type).put("name", name).put("quantity", quantity)
                .put("unit_price", unitPrice).put("tax_rate", taxRate).put("total_amount", total)
                .put("total_discount_amount", discount).put("total_tax_amount", tax);
    }

    private static void rowLines(JsonNode row, String array, Map<String, BigDecimal> rates, ArrayNode lines) {
        String name = row.path("name").asText(row.path("method_title").asText("Row"));
        String type = array.equals("shipping_lines") ? "shipping_fee" : array.equals("fee_lines") ? "surcharge" : "physical";
        long total = minor(row.path("total").asText("0"));
        long tax = minor(row.path("total_tax").asText("0"));
        Map<BigDecimal, Long> taxByRate = new LinkedHashMap<>();
        BigDecimal declared = null; // the rate of the row's first tax, also when it charged 0.00
        boolean rateUnknown = false;
        for (JsonNode rowTax : row.path("taxes")) {
            BigDecimal rate = rates.get(rowTax.path("id").asText());
            if (rate == null) {
                rateUnknown = true;
                continue;
            }
            declared = declared == null ? rate : declared;
            String amount = rowTax.path("total").asText("");
            if (!amount.isBlank() && new BigDecimal(amount).signum() != 0) {
                taxByRate.merge(rate, minor(amount), Long::sum);
            }
        }
        if (rateUnknown || taxByRate.size() <= 1) {
            BigDecimal rate = rateUnknown ? rateOf(total, tax)
                    : taxByRate.isEmpty() ? (declared == null ? BigDecimal.ZERO : declared) : taxByRate.keySet().iterator().next();
            long gross = total + tax;
            String quantity = row.path("quantity").asText("1");
            long units = gross > 0 && quantity.matches("[1-9][0-9]{0,4}") ? Long.parseLong(quantity) : 1;
            long unitPrice = gross >= 0 ? (gross + units - 1) / units : gross;
            lines.add(JSON.objectNode().put("type", gross < 0 ? "discount" : type).put("name", name).put("quantity", units)
                    .put("unit_price", unitPrice).put("tax_rate", rate.movePointRight(2).intValueExact())
                    .put("total_amount", gross).put("total_discount_amount", units * unitPrice - gross)
                    .put("total_tax_amount", tax));
            return;
        }
        // A row taxed at several rates (a negative fee WooCommerce spread): the total each rate's tax stands for.
        for (Map.Entry<BigDecimal, Long> part : taxByRate.entrySet()) {
            int points = part.getKey().movePointRight(2).intValueExact();
            long gross = BigDecimal.valueOf(part.getValue()).multiply(BigDecimal.valueOf(10_000L + points))
                    .divide(BigDecimal.valueOf(points), 0, RoundingMode.HALF_UP).longValueExact();
            lines.add(JSON.objectNode().put("type", gross < 0 ? "discount" : type).put("name", name + " " + part.getKey())
                    .put("quantity", 1).put("unit_price", gross).put("tax_rate", points).put("total_amount", gross)
                    .put("total_discount_amount", 0).put("total_tax_amount", part.getValue()));
        }
    }

    /** A row's own rate, for shops that do not send {@code rate_percent} (before WooCommerce 3.7). */
    private static BigDecimal rateOf(long total, long tax) {
        return total == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(tax * 100).divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP);
    }

    private static long minor(String decimal) {
        return new BigDecimal(decimal.isBlank() ? "0" : decimal).movePointRight(2).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private JsonNode post(String path, ObjectNode body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(baseUrl.resolve(path))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Klarna refused the order: HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Klarna at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while placing a Klarna order", e);
        }
    }
}
