package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A WooCommerce shop for tests and local mode: the REST API v3 orderhook and a merchant use
 * (orders, notes, refunds, webhooks; WordPress error bodies), authenticated as WooCommerce does
 * it (Basic auth or query-string keys over HTTPS only, OAuth 1.0a one-legged over plain http,
 * key permissions), WooCommerce's totals and taxes, and its webhook delivery (each webhook
 * signed with its own secret to its own URL, body built at send time, one pending delivery per
 * webhook and order, never retried, disabled at the seventh consecutive failure), with fault
 * controls for both. Thread-safe.
 *
 * <p>Either {@link #start()} it on its own loopback port (the shop URL is then
 * {@code http://127.0.0.1:PORT}, or https with {@link Builder#https()}), or mount
 * {@link #httpHandler()} on a server under a prefix (e.g. {@code /sandbox/woocommerce}) and tell
 * it its {@link #setSiteUrl site URL}, which OAuth signatures are checked against.
 *
 * <p>The Java API is the merchant and the customer: it builds REST request bodies and runs them
 * through the same code as the REST API (without authentication, outage or call counting),
 * so every change fires the same webhooks.
 */
public final class ShopSimulator implements AutoCloseable {
    public static final String WOOCOMMERCE_VERSION = "9.4.2";
    public static final String WORDPRESS_VERSION = "6.7.1";
    /** WC_Order::is_editable(): the admin lets a merchant change rows only in these statuses. */
    static final Set<String> EDITABLE_STATUSES = Set.of("pending", "on-hold", "auto-draft", "checkout-draft");
    /** WordPress post statuses are at most 20 characters, and WooCommerce adds "wc-". */
    private static final int MAX_STATUS_LENGTH = 17;

    public enum KeyPermissions { READ, WRITE, READ_WRITE }

    private final SimulatedShop shop;
    private final ShopRestApi restApi;
    private final ShopWebhooks hooks;
    private final WebhookQueue webhooks;
    private final String consumerKey;
    private final String consumerSecret;
    private volatile String webhookSecret;
    private volatile URI siteUrl;
    private final boolean siteUrlConfigured;
    private final boolean https;
    private HttpServer server;
    private ExecutorService serverThreads;

    private ShopSimulator(Builder builder) {
        Map<String, CouponSpec> coupons = new LinkedHashMap<>();
        builder.coupons.forEach(coupon -> coupons.put(coupon.code().toLowerCase(Locale.ROOT), coupon));
        ShopRules rules = new ShopRules(new ShopMoney(builder.decimals), List.copyOf(builder.taxRates),
                Map.copyOf(coupons), builder.roundTaxAtSubtotal, builder.shippingTaxClass);
        Map<Long, ProductSpec> products = new LinkedHashMap<>();
        builder.products.forEach(product -> products.put(product.productId(), product));
        WebhookQueue[] queue = new WebhookQueue[1];
        this.shop = new SimulatedShop(rules, builder.timeZone, builder.clock, new LinkedHashMap<>(builder.statuses),
                Map.copyOf(products), builder.currency, builder.pricesIncludeTax,
                (topic, orderId) -> queue[0].enqueue(topic, orderId));
        this.hooks = new ShopWebhooks(builder.clock);
        this.webhooks = new WebhookQueue(hooks, shop::webhookPayload, builder.clock);
        queue[0] = webhooks;
        RestAuthentication authentication = new RestAuthentication(new RestAuthentication.ApiKey(builder.consumerKey,
                builder.consumerSecret, ShopRestApi.KeyPermissions.valueOf(builder.keyPermissions.name())), builder.serverClock);
        this.restApi = new ShopRestApi(shop, builder.clock, authentication,
                new WebhooksRestApi(hooks, webhooks, builder.timeZone, shop::restBase));
        restApi.setStripsAuthorizationHeader(builder.stripsAuthorizationHeader);
        this.https = builder.https;
        this.consumerKey = builder.consumerKey;
        this.consumerSecret = builder.consumerSecret;
        this.webhookSecret = builder.webhookSecret;
        this.siteUrlConfigured = builder.siteUrl != null;
        setSiteUrl(builder.siteUrl != null ? builder.siteUrl : URI.create("http://localhost"));
        if (builder.deliveryUrl != null) {
            hooks.configure(builder.deliveryUrl, builder.webhookSecret);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- serving

    /**
     * Serves the shop on 127.0.0.1 on a free port; the shop URL becomes {@code http://127.0.0.1:PORT},
     * or {@code https://127.0.0.1:PORT} for a shop built with {@link Builder#https()}.
     */
    public synchronized ShopSimulator start() {
        if (server != null) {
            return this;
        }
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try {
            if (https) {
                HttpsServer tls = HttpsServer.create(loopback, 0);
                tls.setHttpsConfigurator(new HttpsConfigurator(SimulatorTls.serverContext()));
                server = tls;
            } else {
                server = HttpServer.create(loopback, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the shop simulator", e);
        }
        serverThreads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "shop-simulator-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(serverThreads);
        server.createContext("/", restApi);
        server.start();
        if (!siteUrlConfigured) {
            setSiteUrl(URI.create((https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort()));
        }
        return this;
    }

    /**
     * Trust for the certificate of a simulator built with {@link Builder#https()} (a self-signed
     * test certificate for 127.0.0.1 and localhost), for the clients that talk to it.
     */
    public static SSLContext clientSslContext() {
        return SimulatorTls.clientContext();
    }

    /** The REST API as a handler, for mounting under a context path such as {@code /sandbox/woocommerce}. */
    public HttpHandler httpHandler() {
        return restApi;
    }

    /**
     * Where the shop is reachable (no trailing slash), e.g. {@code http://127.0.0.1:3000/sandbox/woocommerce}:
     * used in {@code _links}, {@code X-WC-Webhook-Source} and {@link #restUrl()}.
     */
    public void setSiteUrl(URI siteUrl) {
        String text = siteUrl.toString();
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.siteUrl = URI.create(trimmed);
        restApi.setSiteUrl(this.siteUrl);
        shop.setRestBase(trimmed + ShopRestApi.REST_PREFIX);
        webhooks.setSource(trimmed + "/");
    }

    /** The shop's URL, what orderhook's {@code ShopConfig.shopUrl} should hold. */
    public URI shopUrl() {
        return siteUrl;
    }

    /** {@code {shopUrl}/wp-json/wc/v3/}. */
    public URI restUrl() {
        return URI.create(siteUrl + ShopRestApi.REST_PREFIX + "/");
    }

    public String consumerKey() {
        return consumerKey;
    }

    public String consumerSecret() {
        return consumerSecret;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    @Override
    public synchronized void close() {
        webhooks.close();
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
            server = null;
        }
    }

    // ---------------------------------------------------------------- shop settings

    /** Points the shop's order webhooks (created, updated, deleted) at this URL, signed with this secret. */
    public void configureWebhooks(URI deliveryUrl, String secret) {
        this.webhookSecret = secret;
        hooks.configure(deliveryUrl, secret);
    }

    /** Registers a custom order status, as a plugin does with register_post_status ("shipped", "Shipped"). */
    public void registerStatus(String slug, String label) {
        requireValidStatusSlug(slug);
        shop.registerStatus(slug, label);
    }

    /** The statuses the REST API accepts, without the "wc-" prefix. */
    public List<String> registeredStatuses() {
        return shop.statuses();
    }

    // ---------------------------------------------------------------- customer and merchant

    /** A checkout creates an order; fires {@code order.created}. Answers the order id. */
    public String createOrder(NewOrder order) {
        ObjectNode created = asMerchant(() -> shop.createOrder(order.toRequest(), "checkout"));
        return created.get("id").asText();
    }

    /** The merchant changes the status in the admin; fires {@code order.updated}. */
    public void setStatus(String orderId, String status) {
        ObjectNode body = PhpJson.MAPPER.createObjectNode();
        body.put("status", status);
        asMerchant(() -> shop.updateOrder(id(orderId), body));
    }

    /**
     * The merchant edits rows and presses "Recalculate" and "Update"; fires {@code order.updated}.
     * Like the admin, only orders in an editable status (pending, on-hold) can be edited.
     */
    public void editOrder(String orderId, Consumer<OrderEdit> edit) {
        String status = status(orderId);
        if (!EDITABLE_STATUSES.contains(status)) {
            throw new IllegalStateException("order " + orderId + " is " + status
                    + ": WooCommerce lets a merchant edit rows only while an order is pending or on hold; set it on-hold first");
        }
        OrderEdit changes = new OrderEdit();
        edit.accept(changes);
        asMerchant(() -> shop.updateOrder(id(orderId), changes.toRequest()));
    }

    /** Any REST v3 order update body, through the same code as {@code PUT /orders/{id}}. */
    public JsonNode updateOrder(String orderId, String requestJson) {
        return asMerchant(() -> shop.updateOrder(id(orderId), parse(requestJson)));
    }

    /** The merchant refunds; fires {@code order.updated}. Answers the refund id. */
    /** The merchant deletes a refund in the admin ("Delete refund"); fires {@code order.updated}. */
    public void deleteRefund(String orderId, String refundId) {
        asMerchant(() -> shop.deleteRefund(id(orderId), Long.parseLong(refundId), true));
    }

    public String refund(String orderId, RefundSpec spec) {
        JsonNode order = order(orderId);
        ShopMoney money = shop.rules().money();
        ObjectNode body = PhpJson.MAPPER.createObjectNode();
        ArrayNode lines = body.putArray("line_items");
        long sum = 0;
        for (RefundSpec.Row row : spec.rows()) {
            JsonNode line = findLine(order, row.lineId());
            BigDecimal lineQuantity = line.has("quantity") ? line.get("quantity").decimalValue() : BigDecimal.ONE;
            BigDecimal quantity = line.has("quantity") ? row.quantity() : BigDecimal.ONE;
            long total = share(money.parse(line.get("total").asText()), quantity, lineQuantity);
            ObjectNode refundLine = lines.addObject();
            refundLine.put("id", Long.parseLong(row.lineId()));
            refundLine.put("quantity", quantity);
            refundLine.put("refund_total", money.format(total));
            sum += total;
            ArrayNode taxes = refundLine.putArray("refund_tax");
            for (JsonNode tax : line.path("taxes")) {
                BigDecimal taxMinor = new BigDecimal(tax.get("total").asText()).movePointRight(money.decimals());
                long taxShare = taxMinor.multiply(quantity).divide(lineQuantity, 0, RoundingMode.HALF_UP).longValueExact();
                ObjectNode refundTax = taxes.addObject();
                refundTax.put("id", tax.get("id").asInt());
                refundTax.put("refund_total", money.format(taxShare));
                sum += taxShare;
            }
        }
        body.put("amount", spec.amountOrNull() != null ? spec.amountOrNull() : money.format(sum));
        body.put("reason", spec.reasonText());
        body.put("api_refund", spec.isApiRefund());
        return asMerchant(() -> shop.createRefund(id(orderId), body)).get("id").asText();
    }

    /** A note the merchant types in the admin (not a webhook trigger). */
    public OrderNote addMerchantNote(String orderId, String text, boolean customerNote) {
        ObjectNode body = PhpJson.MAPPER.createObjectNode();
        body.put("note", text);
        body.put("customer_note", customerNote);
        ObjectNode note = asMerchant(() -> shop.createNote(id(orderId), body, OrderNote.Origin.MERCHANT, "admin"));
        long noteId = note.get("id").asLong();
        return notes(orderId).stream().filter(n -> n.id() == noteId).findFirst().orElseThrow();
    }

    /** The merchant moves the order to the bin; fires {@code order.deleted} with {@code {"id": N}}. */
    public void trashOrder(String orderId) {
        asMerchant(() -> shop.deleteOrder(id(orderId), false));
    }

    // ---------------------------------------------------------------- reading

    /** The order exactly as {@code GET /orders/{id}} answers it. */
    public JsonNode order(String orderId) {
        return asMerchant(() -> shop.getOrder(id(orderId)));
    }

    public String status(String orderId) {
        return order(orderId).get("status").asText();
    }

    /** The id of the first product row with this SKU. */
    public String lineId(String orderId, String sku) {
        for (JsonNode line : order(orderId).path("line_items")) {
            if (line.path("sku").asText().equals(sku)) {
                return line.get("id").asText();
            }
        }
        throw new IllegalArgumentException("order " + orderId + " has no row with SKU " + sku);
    }

    /** Ids of the order's shipping rows, in order. */
    public List<String> shippingLineIds(String orderId) {
        List<String> ids = new ArrayList<>();
        order(orderId).path("shipping_lines").forEach(line -> ids.add(line.get("id").asText()));
        return ids;
    }

    /** All notes, oldest first (the REST API lists them newest first). */
    public List<OrderNote> notes(String orderId) {
        return asMerchant(() -> shop.notes(id(orderId)));
    }

    public List<OrderNote> notes(String orderId, OrderNote.Origin origin) {
        return notes(orderId).stream().filter(note -> note.origin() == origin).toList();
    }

    /** Order meta as text (JSON text for non-string values). */
    public Map<String, String> meta(String orderId) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (JsonNode entry : order(orderId).path("meta_data")) {
            JsonNode value = entry.get("value");
            meta.put(entry.get("key").asText(), value.isTextual() ? value.asText() : value.toString());
        }
        return meta;
    }

    /** A refund exactly as {@code GET /orders/{id}/refunds/{refundId}} answers it. */
    public JsonNode refundJson(String orderId, String refundId) {
        return asMerchant(() -> shop.getRefund(id(orderId), id(refundId)));
    }

    // ---------------------------------------------------------------- webhook delivery

    /** Blocks until no delivery is pending or in flight; throws IllegalStateException after {@code within}. */
    public void awaitDeliveries(Duration within) {
        webhooks.awaitDrained(within);
    }

    /** Every delivery attempt so far, in the order they were made. */
    public List<DeliveredWebhook> deliveries() {
        return webhooks.deliveries();
    }

    public List<DeliveredWebhook> deliveries(String orderId) {
        return deliveries().stream().filter(delivery -> delivery.orderId().equals(orderId)).toList();
    }

    /** Holds deliveries in the queue (changes meanwhile collapse into one delivery per order and topic). */
    public void pauseDeliveries() {
        webhooks.pause();
    }

    public void resumeDeliveries() {
        webhooks.resume();
    }

    /** Every queued delivery waits this long before it is sent, as a busy Action Scheduler would make it. */
    public void setDeliveryDelay(Duration delay) {
        webhooks.setDelay(delay);
    }

    /** How long a delivery waits for the receiver's answer (WooCommerce: 60 s). */
    public void setDeliveryTimeout(Duration timeout) {
        webhooks.setTimeout(timeout);
    }

    /** The next {@code deliveries} deliveries are each sent twice (same bytes, same headers). */
    public void duplicateNextDeliveries(int deliveries) {
        duplicateNextDeliveries(deliveries, 1);
    }

    /** The next {@code deliveries} deliveries are each sent {@code 1 + extraCopies} times. */
    public void duplicateNextDeliveries(int deliveries, int extraCopies) {
        webhooks.duplicateNext(deliveries, extraCopies);
    }

    /** The next {@code deliveries} deliveries are lost (recorded as DROPPED, never sent). */
    public void dropNextDeliveries(int deliveries) {
        webhooks.dropNext(deliveries);
    }

    /** Sends an earlier delivery's exact bytes and headers again now (a late duplicate, e.g. a stale body). */
    public DeliveredWebhook replay(DeliveredWebhook earlier) {
        return webhooks.replay(earlier);
    }

    /** WooCommerce's ping for the webhook of this topic; answers the receiver's HTTP status (0: unreachable). */
    public int ping(String topic) {
        return webhooks.ping(topic);
    }

    /** Every webhook of the shop, as WooCommerce stores them (secrets and failure counts included), oldest first. */
    public List<ShopWebhook> webhooks() {
        return hooks.list();
    }

    /** The merchant sets a webhook's status in WooCommerce > Settings > Advanced > Webhooks (active, paused, disabled). */
    public void setWebhookStatus(long webhookId, String status) {
        if (!List.of("active", "paused", "disabled").contains(status)) {
            throw new IllegalArgumentException("a webhook is active, paused or disabled, not " + status);
        }
        hooks.update(webhookId, null, status, null, null, null);
    }

    /** "active", "paused" or "disabled" (at the seventh consecutive failed delivery), of the topic's first webhook. */
    public String webhookStatus(String topic) {
        return hooks.status(topic);
    }

    public long webhookId(String topic) {
        return hooks.webhookId(topic);
    }

    public int webhookFailures(String topic) {
        return hooks.failures(topic);
    }

    /** The merchant re-activates a disabled webhook; as in WooCommerce, its failure count stays until a delivery succeeds. */
    public void activateWebhook(String topic) {
        hooks.activate(topic);
    }

    // ---------------------------------------------------------------- REST faults and counting

    /** false: every REST call is answered 503 with the web server's HTML page, as when the shop is down. */
    public void setAvailable(boolean available) {
        restApi.setAvailable(available);
    }

    /** The next {@code calls} REST calls fail with 500 and WordPress's critical error body. */
    public void failNextRestCalls(int calls) {
        restApi.failNext(calls, 500);
    }

    /** The next {@code calls} REST calls fail with this status (e.g. 429, 502), unprocessed. */
    public void failNextRestCalls(int calls, int httpStatus) {
        restApi.failNext(calls, httpStatus);
    }

    /** The next {@code calls} REST calls are processed but their answer is lost (connection dropped). */
    public void loseNextRestResponses(int calls) {
        restApi.loseNext(calls);
    }

    /** Every REST call waits this long before it is processed (to provoke client timeouts). */
    public void setRestLatency(Duration latency) {
        restApi.setLatency(latency);
    }

    /** Every REST call so far, in arrival order. */
    public List<RestCall> restCalls() {
        return restApi.calls();
    }

    /** How many calls were made with this method to this path below {@code /wp-json/wc/v3} ("/orders/1001/notes"). */
    public long restCallCount(String method, String path) {
        return restCalls().stream().filter(call -> call.method().equals(method) && call.path().equals(path)).count();
    }

    public void clearRestCalls() {
        restApi.clearCalls();
    }

    // ---------------------------------------------------------------- internals

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("WooCommerce ids are numbers, not \"" + id + "\"", e);
        }
    }

    private static <T> T asMerchant(Supplier<T> action) {
        try {
            return action.get();
        } catch (RestError e) {
            throw new IllegalArgumentException("the shop refused: " + e.status + " " + e.code + ": " + e.getMessage()
                    + (e.extraData == null ? "" : " " + e.extraData), e);
        }
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) PhpJson.MAPPER.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    private static JsonNode findLine(JsonNode order, String lineId) {
        for (String field : List.of("line_items", "shipping_lines", "fee_lines")) {
            for (JsonNode line : order.path(field)) {
                if (line.get("id").asText().equals(lineId)) {
                    return line;
                }
            }
        }
        throw new IllegalArgumentException("order " + order.get("id") + " has no row " + lineId);
    }

    private static long share(long amount, BigDecimal quantity, BigDecimal ofQuantity) {
        return BigDecimal.valueOf(amount).multiply(quantity).divide(ofQuantity, 0, RoundingMode.HALF_UP).longValueExact();
    }

    private static void requireValidStatusSlug(String slug) {
        if (slug.startsWith("wc-")) {
            throw new IllegalArgumentException("register the status without the wc- prefix: " + slug.substring(3));
        }
        if (slug.isEmpty() || slug.length() > MAX_STATUS_LENGTH || !slug.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("a status slug is 1 to " + MAX_STATUS_LENGTH
                    + " lower-case letters, digits, '-' or '_': " + slug);
        }
    }

    // ---------------------------------------------------------------- builder

    public static final class Builder {
        private String consumerKey = "ck_test";
        private String consumerSecret = "cs_test";
        private KeyPermissions keyPermissions = KeyPermissions.READ_WRITE;
        private String webhookSecret = "webhook-secret";
        private URI deliveryUrl;
        private URI siteUrl;
        private String currency = "SEK";
        private int decimals = 2;
        private boolean pricesIncludeTax;
        private boolean roundTaxAtSubtotal;
        private String shippingTaxClass = "";
        private final List<TaxRateSpec> taxRates = new ArrayList<>();
        private final List<ProductSpec> products = new ArrayList<>();
        private final List<CouponSpec> coupons = new ArrayList<>();
        private final Map<String, String> statuses = new LinkedHashMap<>();
        private ZoneId timeZone = ZoneOffset.UTC;
        private Clock clock = Clock.systemUTC();
        private Clock serverClock = Clock.systemUTC();
        private boolean https;
        private boolean stripsAuthorizationHeader;

        private Builder() {
            statuses.put("pending", "Pending payment");
            statuses.put("processing", "Processing");
            statuses.put("on-hold", "On hold");
            statuses.put("completed", "Completed");
            statuses.put("cancelled", "Cancelled");
            statuses.put("refunded", "Refunded");
            statuses.put("failed", "Failed");
        }

        public Builder restKey(String consumerKey, String consumerSecret) {
            this.consumerKey = consumerKey;
            this.consumerSecret = consumerSecret;
            return this;
        }

        /** A "Read" key makes every write answer 401, as a merchant's wrongly created key would. */
        public Builder keyPermissions(KeyPermissions permissions) {
            this.keyPermissions = permissions;
            return this;
        }

        /** Where order webhooks go (none configured: changes are not delivered). */
        public Builder webhooks(URI deliveryUrl, String secret) {
            this.deliveryUrl = deliveryUrl;
            this.webhookSecret = secret;
            return this;
        }

        public Builder siteUrl(URI siteUrl) {
            this.siteUrl = siteUrl;
            return this;
        }

        public Builder currency(String currency, int decimals) {
            this.currency = currency;
            this.decimals = decimals;
            return this;
        }

        /** "Yes, I will enter prices inclusive of tax" (WooCommerce's default is no). */
        public Builder pricesIncludeTax(boolean pricesIncludeTax) {
            this.pricesIncludeTax = pricesIncludeTax;
            return this;
        }

        /** "Round tax at subtotal level, instead of rounding per line". */
        public Builder roundTaxAtSubtotal(boolean roundTaxAtSubtotal) {
            this.roundTaxAtSubtotal = roundTaxAtSubtotal;
            return this;
        }

        public Builder shippingTaxClass(String taxClass) {
            this.shippingTaxClass = taxClass;
            return this;
        }

        public Builder taxRate(TaxRateSpec rate) {
            taxRates.add(rate);
            return this;
        }

        /** Swedish VAT: 25 % Standard (rate 1, also on shipping), 12 % "reduced-rate" (2), 6 % "low-rate" (3), 0 % "zero-rate" (4). */
        public Builder swedishVat() {
            taxRates.add(TaxRateSpec.of(1, "SE", "Moms 25%", "25", ""));
            taxRates.add(TaxRateSpec.of(2, "SE", "Moms 12%", "12", "reduced-rate"));
            taxRates.add(TaxRateSpec.of(3, "SE", "Moms 6%", "6", "low-rate"));
            taxRates.add(TaxRateSpec.of(4, "SE", "Momsfri", "0", "zero-rate"));
            return this;
        }

        public Builder product(ProductSpec product) {
            products.add(product);
            return this;
        }

        public Builder coupon(CouponSpec coupon) {
            coupons.add(coupon);
            return this;
        }

        /** A custom order status ("shipped", "Shipped"), as if a plugin had registered it. */
        public Builder status(String slug, String label) {
            requireValidStatusSlug(slug);
            statuses.put(slug, label);
            return this;
        }

        /** WordPress's timezone setting, for the non-GMT dates (default UTC, as a fresh WordPress). */
        public Builder timeZone(ZoneId timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The server's {@code time()} for OAuth timestamps and nonces (default: the real clock). Kept
         * apart from {@link #clock}, which tests move to date orders, because WordPress checks
         * timestamps against the machine's time.
         */
        public Builder serverClock(Clock serverClock) {
            this.serverClock = serverClock;
            return this;
        }

        /**
         * Served over HTTPS ({@code is_ssl()}), with a self-signed test certificate
         * ({@link #clientSslContext()} trusts it): WooCommerce then reads Basic auth and query-string
         * keys. Without it the shop is on plain http, where WooCommerce takes only OAuth 1.0a.
         */
        public Builder https() {
            this.https = true;
            return this;
        }

        /** The web server drops the Authorization header before PHP (WooCommerce then sees no Basic credentials). */
        public Builder stripsAuthorizationHeader() {
            this.stripsAuthorizationHeader = true;
            return this;
        }

        public ShopSimulator build() {
            return new ShopSimulator(this);
        }
    }
}
