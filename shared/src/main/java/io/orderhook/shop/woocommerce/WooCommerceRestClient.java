package io.orderhook.shop.woocommerce;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.Refund;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopNote;
import io.orderhook.shop.ShopResult;

/**
 * {@link ShopClient} over the WooCommerce REST API v3 with Basic auth (consumer key and
 * secret). Answers: 2xx is {@link ShopResult.Ok}; other 4xx (and 3xx, which WooCommerce only
 * sends when the shop URL is wrong) are {@link ShopResult.Rejected} with WordPress's
 * {@code code} and {@code message}; 5xx, 429, timeouts and refused connections are
 * {@link ShopResult.Unavailable}. Nothing the shop can answer throws.
 */
public final class WooCommerceRestClient implements ShopClient {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String REST_PREFIX = "/wp-json/wc/v3";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI restBase;
    private final String basePath;
    private final String authorization;
    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ShopCallListener listener;

    /** With the default timeouts (connect 3 s, request 10 s) and no listener. */
    public WooCommerceRestClient(URI shopUrl, String consumerKey, String consumerSecret) {
        this(shopUrl, consumerKey, consumerSecret, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, ShopCallListener.NONE);
    }

    /**
     * @param shopUrl        the shop's base URL ({@code https://shop.example} or {@code https://example.com/shop});
     *                       plain http is allowed only for a loopback host (local mode, tests)
     * @param consumerKey    the REST key ({@code ck_...})
     * @param consumerSecret the REST secret ({@code cs_...})
     * @param listener       told about every call (for the debug log); bodies redacted, no credentials
     */
    public WooCommerceRestClient(URI shopUrl, String consumerKey, String consumerSecret, Duration connectTimeout,
                                 Duration requestTimeout, ShopCallListener listener) {
        requireSafeTransport(shopUrl);
        Objects.requireNonNull(consumerKey, "consumerKey");
        Objects.requireNonNull(consumerSecret, "consumerSecret");
        String base = shopUrl.toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.restBase = URI.create(base + REST_PREFIX);
        this.basePath = URI.create(base).getRawPath() == null ? "" : URI.create(base).getRawPath();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((consumerKey + ":" + consumerSecret).getBytes(StandardCharsets.UTF_8));
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.listener = listener;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public ShopResult<String> addNote(String orderId, String note, boolean customerNote) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("note", note);
        body.put("customer_note", customerNote);
        return call("POST", "/orders/" + numericId(orderId) + "/notes", body)
                .map(json -> json.path("id").asText());
    }

    @Override
    public ShopResult<Refund> getRefund(String orderId, String refundId) {
        return call("GET", "/orders/" + numericId(orderId) + "/refunds/" + numericId(refundId), null)
                .map(WooOrderJson::refund);
    }

    /**
     * Sends only what is given: a null status keeps the order's status, and meta entries are
     * added or replace the entry with the same key. With nothing to change no request is made,
     * because every save fires an {@code order.updated} webhook in WooCommerce.
     */
    @Override
    public ShopResult<Void> updateOrder(String orderId, String status, Map<String, String> meta) {
        ObjectNode body = MAPPER.createObjectNode();
        if (status != null) {
            body.put("status", status);
        }
        if (meta != null && !meta.isEmpty()) {
            ArrayNode entries = body.putArray("meta_data");
            meta.forEach((key, value) -> {
                ObjectNode entry = entries.addObject();
                entry.put("key", key);
                entry.put("value", value);
            });
        }
        if (body.isEmpty()) {
            return new ShopResult.Ok<>(null);
        }
        return call("PUT", "/orders/" + numericId(orderId), body).map(json -> null);
    }

    /** WooCommerce answers the whole list (the notes endpoint has no paging), newest first. */
    @Override
    public ShopResult<List<ShopNote>> listNotes(String orderId) {
        return call("GET", "/orders/" + numericId(orderId) + "/notes", null).map(json -> {
            List<ShopNote> notes = new ArrayList<>();
            for (JsonNode note : json) {
                notes.add(new ShopNote(note.path("id").asText(), note.path("note").asText(""),
                        note.path("customer_note").asBoolean(false)));
            }
            return notes;
        });
    }

    @Override
    public ShopResult<String> orderStatus(String orderId) {
        return call("GET", "/orders/" + numericId(orderId) + "?_fields=id,status", null).map(json -> {
            String status = json.path("status").asText("");
            return status.startsWith("wc-") ? status.substring(3) : status;
        });
    }

    /** {@code GET /orders/{id}}: the order body as the shop answers it (the same shape as a webhook). */
    public ShopResult<JsonNode> getOrder(String orderId) {
        return call("GET", "/orders/" + numericId(orderId), null).map(json -> json);
    }

    // ---------------------------------------------------------------- one call

    /** A call's outcome before its body is turned into the caller's type. */
    private record Answer(ShopResult<JsonNode> result) {
        @SuppressWarnings("unchecked")
        <T> ShopResult<T> map(java.util.function.Function<JsonNode, T> convert) {
            if (result instanceof ShopResult.Ok<JsonNode> ok) {
                return new ShopResult.Ok<>(convert.apply(ok.value()));
            }
            // Rejected and Unavailable carry no value: the same record serves any T.
            return (ShopResult<T>) (ShopResult<?>) result;
        }
    }

    private Answer call(String method, String path, JsonNode body) {
        String requestText = body == null ? "" : body.toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(restBase + path))
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", "orderhook (WooCommerce REST API v3 client)");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(requestText, StandardCharsets.UTF_8));
        }
        String logPath = basePath + REST_PREFIX + path;
        long started = System.nanoTime();
        HttpResponse<String> response;
        // The request timeout of java.net.http only covers the wait for the headers; a shop that
        // sends headers and then stalls would hold the call forever. Bound the whole exchange.
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            response = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return unavailable(method, logPath, requestText, started,
                    transportFailure(method, new HttpTimeoutException("request timed out")));
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof IOException io ? transportFailure(method, io)
                    : "connection to the shop failed: " + e.getCause();
            return unavailable(method, logPath, requestText, started, reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            return unavailable(method, logPath, requestText, started, "interrupted while waiting for the shop");
        }
        tell(new ShopCall(method, logPath, WooJsonRedaction.redact(requestText), response.statusCode(),
                WooJsonRedaction.redact(response.body()), since(started), ""));
        return new Answer(interpret(response));
    }

    private Answer unavailable(String method, String logPath, String requestText, long started, String reason) {
        tell(new ShopCall(method, logPath, WooJsonRedaction.redact(requestText), 0, "", since(started), reason));
        return new Answer(new ShopResult.Unavailable<>(reason));
    }

    private ShopResult<JsonNode> interpret(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode json = parseOrNull(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                // A cache or security plugin answering HTML with 200: the API was not reached.
                return new ShopResult.Unavailable<>("the shop answered HTTP " + status + " without a JSON body: "
                        + snippet(response.body()));
            }
            return new ShopResult.Ok<>(json);
        }
        if (status == 429 || status >= 500) {
            return new ShopResult.Unavailable<>("the shop answered HTTP " + status
                    + (json != null && json.has("code") ? " " + json.path("code").asText() + ": " + describe(json)
                            : " " + snippet(response.body())));
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("(no Location)");
            return new ShopResult.Rejected<>(status, "redirect", "The shop redirected the REST API request to "
                    + location + "; set the shop URL to the address WooCommerce itself uses (scheme, www, path).");
        }
        if (json != null && json.has("code")) {
            return new ShopResult.Rejected<>(status, json.path("code").asText(), describe(json));
        }
        return new ShopResult.Rejected<>(status, "http_" + status, "The shop answered HTTP " + status
                + " without a WooCommerce error body: " + snippet(response.body()));
    }

    /**
     * WordPress's message plus the per-parameter details it keeps in {@code data.params}:
     * "Invalid parameter(s): status (status is not one of pending, processing, ...)". The
     * details are what tells the merchant which value the shop refused and which it accepts.
     */
    private static String describe(JsonNode error) {
        String message = error.path("message").asText("");
        JsonNode params = error.path("data").path("params");
        List<String> details = new ArrayList<>();
        if (params.isObject()) {
            params.fields().forEachRemaining(param -> details.add(param.getValue().asText()));
        }
        return details.isEmpty() ? message : message + " (" + String.join("; ", details) + ")";
    }

    private String transportFailure(String method, IOException e) {
        String unknown = method.equals("GET") ? "" : "; the shop may or may not have applied the request";
        if (e instanceof HttpConnectTimeoutException) {
            return "could not connect to the shop within " + connectTimeout.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer from the shop within " + requestTimeout.toSeconds() + " s" + unknown;
        }
        if (e instanceof ConnectException) {
            return "the shop refused the connection (" + restBase.getHost() + ")";
        }
        return "connection to the shop failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()) + unknown;
    }

    private void tell(ShopCall call) {
        try {
            listener.onCall(call);
        } catch (RuntimeException e) {
            // The debug log must never turn a call the shop accepted into a failure (a note
            // would then be sent twice); report the listener's fault and carry on.
            System.err.println("{\"event\":\"shop_call_listener_failed\",\"error\":\""
                    + e.getClass().getSimpleName() + "\"}");
        }
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String numericId(String id) {
        if (id == null || !id.matches("\\d+")) {
            throw new IllegalArgumentException("WooCommerce ids are positive numbers, not \"" + id + "\"");
        }
        return id;
    }

    /**
     * WooCommerce takes Basic auth only over HTTPS, and the consumer secret travels in every
     * request: plain http is refused unless the shop runs on this machine.
     */
    static void requireSafeTransport(URI shopUrl) {
        String scheme = shopUrl.getScheme() == null ? "" : shopUrl.getScheme().toLowerCase(Locale.ROOT);
        String host = shopUrl.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("The shop URL \"" + shopUrl + "\" has no host; use https://your-shop.example");
        }
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(host)) {
            return;
        }
        if (scheme.equals("http")) {
            throw new IllegalArgumentException("The shop URL \"" + shopUrl + "\" uses plain http: the REST consumer "
                    + "secret would travel unencrypted and WooCommerce accepts Basic auth only over HTTPS. Use https://"
                    + host + " (plain http is allowed only for localhost/127.0.0.1 in local mode).");
        }
        throw new IllegalArgumentException("The shop URL \"" + shopUrl + "\" must start with https://");
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
