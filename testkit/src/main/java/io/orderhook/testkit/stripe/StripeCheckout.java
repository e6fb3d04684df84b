package io.orderhook.testkit.stripe;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The customer's checkout with Stripe, as the WooCommerce Stripe Gateway does it with "capture
 * later": {@code POST /v1/payment_intents} with {@code capture_method=manual} and
 * {@code confirm=true}, which leaves the PaymentIntent authorised ({@code requires_capture}).
 * Checkout is not order management, so this is test and demo support over the sandbox's HTTP API,
 * written apart from orderhook's client.
 */
public final class StripeCheckout {
    /** Stripe's test payment methods (docs: testing). */
    public static final String VISA = "pm_card_visa";
    public static final String MASTERCARD = "pm_card_mastercard";
    public static final String AMEX = "pm_card_amex";
    public static final String DECLINED = "pm_card_chargeDeclined";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String apiBase;
    private final String secretKey;

    public StripeCheckout(String apiBase, String secretKey) {
        this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
        this.secretKey = secretKey;
    }

    /**
     * Authorises {@code amount} (minor units) of {@code currency} with {@code paymentMethod}, for the
     * shop's order {@code orderId} (kept in the metadata as the gateway keeps it): answers the
     * PaymentIntent id.
     *
     * @param incrementalAuthorization ask for {@code request_incremental_authorization=if_available}
     * @throws IllegalStateException when Stripe refuses (a declined card), with its code and message
     */
    public String authorize(String orderId, long amount, String currency, String paymentMethod,
            boolean incrementalAuthorization) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("amount", Long.toString(amount));
        params.put("currency", currency.toLowerCase(java.util.Locale.ROOT));
        params.put("capture_method", "manual");
        params.put("confirm", "true");
        params.put("payment_method", paymentMethod);
        params.put("payment_method_types[0]", "card");
        params.put("metadata[order_id]", orderId);
        if (incrementalAuthorization) {
            params.put("payment_method_options[card][request_incremental_authorization]", "if_available");
        }
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + "/v1/payment_intents"))
                .header("Authorization", "Bearer " + secretKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", "checkout-" + orderId + "-" + System.nanoTime())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the checkout could not reach Stripe at " + apiBase + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during checkout", e);
        }
        JsonNode answer = StripeSandbox.parse(response.body());
        if (response.statusCode() != 200) {
            JsonNode error = answer.path("error");
            throw new IllegalStateException("Stripe refused the checkout (HTTP " + response.statusCode() + ", "
                    + error.path("code").asText("") + "): " + error.path("message").asText(""));
        }
        return answer.path("id").asText();
    }

    /** A Visa card, no incremental authorisation. */
    public String authorize(String orderId, long amount, String currency) {
        return authorize(orderId, amount, currency, VISA, false);
    }
}
