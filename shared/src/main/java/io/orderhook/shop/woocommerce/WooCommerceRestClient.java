package io.orderhook.shop.woocommerce;

import java.net.ProxySelector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.shop.ListedOrder;
import io.orderhook.shop.ShopWebhookState;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopCallListener;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopNote;
import io.orderhook.shop.ShopResult;

/**
 * {@link ShopClient} over the WooCommerce REST API v3, authenticated the ways WooCommerce accepts
 * a REST key ({@link RestAuth}): Basic auth or query-string keys over HTTPS, OAuth 1.0a
 * signatures over plain http. Answers: 2xx is {@link ShopResult.Ok}; other 4xx (and 3xx, which
 * WooCommerce only sends when the shop URL is wrong) are {@link ShopResult.Rejected} with
 * WordPress's {@code code} and {@code message}, a 401 or 403 followed by its likely cause
 * ({@link RestAuthDiagnosis}); 5xx, 429, timeouts and refused connections are
 * {@link ShopResult.Unavailable}. Nothing the shop can answer throws.
 */
public final class WooCommerceRestClient implements ShopClient {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String REST_PREFIX = "/wp-json/wc/v3";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RestAuth auth;
    private final WooCommerceTransport transport;

    /** With {@link RestAuth#AUTO}, the default timeouts (connect 3 s, request 10 s) and no listener. */
    public WooCommerceRestClient(URI shopUrl, String consumerKey, String consumerSecret) {
        this(builder(shopUrl, consumerKey, consumerSecret));
    }

    /**
     * With {@link RestAuth#AUTO}.
     *
     * @param shopUrl        the shop's base URL ({@code https://shop.example} or {@code https://example.com/shop})
     * @param consumerKey    the REST key ({@code ck_...})
     * @param consumerSecret the REST secret ({@code cs_...})
     * @param listener       told about every call (for the debug log); bodies redacted, no credentials
     */
    public WooCommerceRestClient(URI shopUrl, String consumerKey, String consumerSecret, Duration connectTimeout,
                                 Duration requestTimeout, ShopCallListener listener) {
        this(builder(shopUrl, consumerKey, consumerSecret).timeouts(connectTimeout, requestTimeout).listener(listener));
    }

    private WooCommerceRestClient(Builder b) {
        Objects.requireNonNull(b.consumerKey, "consumerKey");
        Objects.requireNonNull(b.consumerSecret, "consumerSecret");
        this.auth = b.auth.resolve(b.shopUrl);
        this.transport = new WooCommerceTransport(b, auth);
    }

    /** A client for this shop and REST key; {@link RestAuth#AUTO} unless {@link Builder#auth} says otherwise. */
    public static Builder builder(URI shopUrl, String consumerKey, String consumerSecret) {
        return new Builder(shopUrl, consumerKey, consumerSecret);
    }

    /** How this client presents the key: never {@link RestAuth#AUTO}, that is resolved by the URL's scheme. */
    public RestAuth auth() {
        return auth;
    }

    public static final class Builder {
        final URI shopUrl;
        final String consumerKey;
        final String consumerSecret;
        RestAuth auth = RestAuth.AUTO;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        ShopCallListener listener = ShopCallListener.NONE;
        SSLContext sslContext;
        ProxySelector proxy;
        OAuth1Signature.Method signatureMethod = OAuth1Signature.Method.HMAC_SHA256;
        Clock clock = Clock.systemUTC();
        Supplier<String> nonces = OAuth1Signature::newNonce;

        private Builder(URI shopUrl, String consumerKey, String consumerSecret) {
            this.shopUrl = Objects.requireNonNull(shopUrl, "shopUrl");
            this.consumerKey = consumerKey;
            this.consumerSecret = consumerSecret;
        }

        public Builder auth(RestAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        public Builder timeouts(Duration connect, Duration request) {
            this.connectTimeout = connect;
            this.requestTimeout = request;
            return this;
        }

        public Builder listener(ShopCallListener listener) {
            this.listener = listener;
            return this;
        }

        /** The TLS trust to use (a shop with a certificate of its own CA, e.g. the simulator's). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** A shop reached through an HTTP proxy. */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = proxy;
            return this;
        }

        /** HMAC-SHA256 unless told otherwise; WooCommerce verifies HMAC-SHA1 as well. */
        public Builder signatureMethod(OAuth1Signature.Method method) {
            this.signatureMethod = method;
            return this;
        }

        /** The clock for OAuth timestamps (WooCommerce refuses any more than 15 minutes off). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where OAuth nonces come from (random 32 characters unless a test pins them). */
        public Builder nonces(Supplier<String> nonces) {
            this.nonces = nonces;
            return this;
        }

        /** @throws IllegalArgumentException when the URL or the mode would expose the secret or cannot work */
        public WooCommerceRestClient build() {
            return new WooCommerceRestClient(this);
        }
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
        ObjectNode body = changes(status, meta);
        if (body.isEmpty()) {
            return new ShopResult.Ok<>(null);
        }
        return call("PUT", "/orders/" + numericId(orderId), body).map(json -> null);
    }

    /** WooCommerce answers a PUT with the whole order, as its webhooks carry it. */
    @Override
    public ShopResult<String> changeOrder(String orderId, String status, Map<String, String> meta) {
        return call("PUT", "/orders/" + numericId(orderId), changes(status, meta)).map(JsonNode::toString);
    }

    private static ObjectNode changes(String status, Map<String, String> meta) {
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
        return body;
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
        return send("GET", REST_PREFIX + "/orders/" + numericId(orderId), Map.of("_fields", "id,status"), null, true).map(json -> {
            String status = json.path("status").asText("");
            return status.startsWith("wc-") ? status.substring(3) : status;
        });
    }

    @Override
    public ShopResult<OrderSnapshot> order(String orderId) {
        return call("GET", "/orders/" + numericId(orderId), null).map(WooOrderJson::order);
    }

    /**
     * Pages of 100 (WooCommerce's most) by id ascending, only the ids ({@code _fields}); a time
     * without offset and {@code dates_are_gmt}, which WordPress reads as UTC.
     */
    @Override
    public ShopResult<List<String>> orderIds(String status, Instant modifiedAfter) {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            query.put("status", status == null ? "any" : status);
            if (modifiedAfter != null) {
                query.put("modified_after", GMT.format(modifiedAfter));
                query.put("dates_are_gmt", "true");
            }
            query.put("orderby", "id");
            query.put("order", "asc");
            query.put("per_page", "100");
            query.put("page", Integer.toString(page));
            query.put("_fields", "id");
            ShopResult<JsonNode> answer = send("GET", REST_PREFIX + "/orders", query, null, true).result();
            if (!(answer instanceof ShopResult.Ok<JsonNode> ok)) {
                return new Answer(answer).map(json -> List.of());
            }
            ok.value().forEach(order -> ids.add(order.path("id").asText()));
            if (ok.value().size() < 100) {
                return new ShopResult.Ok<>(ids);
            }
        }
    }

    private static final java.time.format.DateTimeFormatter GMT =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    @Override
    public ShopResult<String> orderJson(String orderId) {
        return call("GET", "/orders/" + numericId(orderId), null).map(JsonNode::toString);
    }

    @Override
    public ShopResult<List<String>> registeredStatuses() {
        return call("GET", "/reports/orders/totals", null).map(json -> {
            List<String> slugs = new ArrayList<>();
            for (JsonNode status : json) {
                String slug = status.path("slug").asText("");
                slugs.add(slug.startsWith("wc-") ? slug.substring(3) : slug);
            }
            return slugs;
        });
    }

    @Override
    public ShopResult<List<ListedOrder>> ordersModified(String modifiedAfterGmt, String modifiedBeforeGmt, int page,
                                                        int perPage) {
        if (perPage < 1 || perPage > 100 || page < 1) {
            throw new IllegalArgumentException("WordPress takes per_page 1 to 100 and page from 1, not " + perPage + "/" + page);
        }
        Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("modified_after", modifiedAfterGmt);
        query.put("modified_before", modifiedBeforeGmt);
        // Without it WooCommerce compares the shop's local dates.
        query.put("dates_are_gmt", "true");
        query.put("orderby", "modified");
        query.put("order", "asc");
        query.put("status", "any");
        query.put("per_page", Integer.toString(perPage));
        query.put("page", Integer.toString(page));
        return send("GET", REST_PREFIX + "/orders", query, null, true).map(json -> {
            List<ListedOrder> orders = new ArrayList<>(json.size());
            for (JsonNode order : json) {
                orders.add(new ListedOrder(order.path("id").asText(), order.path("date_modified_gmt").asText(""),
                        order.path("payment_method").asText(""), order.toString()));
            }
            return orders;
        });
    }

    @Override
    public ShopResult<List<ShopWebhookState>> webhooks() {
        ShopResult<List<WooWebhooks.Webhook>> listed = new WooWebhooks(this).list();
        if (listed instanceof ShopResult.Ok<List<WooWebhooks.Webhook>> ok) {
            return new ShopResult.Ok<>(ok.value().stream().map(WooCommerceRestClient::state).toList());
        }
        return failed(listed);
    }

    @Override
    public ShopResult<ShopWebhookState> activateWebhook(long webhookId) {
        ObjectNode change = MAPPER.createObjectNode().put("status", "active");
        ShopResult<WooWebhooks.Webhook> updated = new WooWebhooks(this).update(webhookId, change);
        if (updated instanceof ShopResult.Ok<WooWebhooks.Webhook> ok) {
            return new ShopResult.Ok<>(state(ok.value()));
        }
        return failed(updated);
    }

    private static ShopWebhookState state(WooWebhooks.Webhook w) {
        return new ShopWebhookState(w.id(), w.name(), w.topic(), w.status(), w.deliveryUrl());
    }

    @SuppressWarnings("unchecked")
    private static <T> ShopResult<T> failed(ShopResult<?> notOk) {
        // Rejected and Unavailable carry no value: the same record serves any T.
        return (ShopResult<T>) notOk;
    }

    /** {@code GET /orders/{id}}: the order body as the shop answers it (the same shape as a webhook). */
    public ShopResult<JsonNode> getOrder(String orderId) {
        return call("GET", "/orders/" + numericId(orderId), null).map(json -> json);
    }

    /**
     * Any call below {@code /wp-json/wc/v3}, authenticated like the others (the webhooks API and
     * the permission checks of {@code orderhook connect} use it).
     *
     * @param path  e.g. {@code /webhooks/12}
     * @param query parameters for the query string (signed with the rest under OAuth)
     * @param body  JSON body, or null
     */
    public ShopResult<JsonNode> request(String method, String path, Map<String, String> query, JsonNode body) {
        if (!path.startsWith("/") || path.contains("?") || path.contains("..")) {
            throw new IllegalArgumentException("a REST path below /wp-json/wc/v3 such as /webhooks/12, not \"" + path + "\"");
        }
        return send(method, REST_PREFIX + path, query, body, true).result();
    }

    /**
     * {@code GET /wp-json/}, WordPress's index, without credentials: its {@code home} is the URL
     * WooCommerce signs OAuth requests with, so a shop URL that differs from it cannot work.
     */
    public ShopResult<JsonNode> siteIndex() {
        return send("GET", "/wp-json/", Map.of(), null, false).result();
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
        return send(method, REST_PREFIX + path, Map.of(), body, true);
    }

    private Answer send(String method, String sitePath, Map<String, String> query, JsonNode body, boolean authenticate) {
        return new Answer(transport.send(method, sitePath, query, body, authenticate));
    }

    private static String numericId(String id) {
        if (id == null || !id.matches("\\d+")) {
            throw new IllegalArgumentException("WooCommerce ids are positive numbers, not \"" + id + "\"");
        }
        return id;
    }

}
