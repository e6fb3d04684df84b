package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
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

    public enum KeyPermissions { READ, WRITE, READ_WRITE }

    private final SimulatedShop shop;
    private final MerchantActions merchant;
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
        this.merchant = new MerchantActions(shop);
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
        ShopSetup.requireValidStatusSlug(slug);
        shop.registerStatus(slug, label);
    }

    /** The statuses the REST API accepts, without the "wc-" prefix. */
    public List<String> registeredStatuses() {
        return shop.statuses();
    }

    // ---------------------------------------------------------------- customer and merchant ({@link MerchantActions})

    /** A checkout creates an order; fires {@code order.created}. Answers the order id. */
    public String createOrder(NewOrder order) {
        return merchant.createOrder(order);
    }

    /** The merchant changes the status in the admin; fires {@code order.updated}. */
    public void setStatus(String orderId, String status) {
        merchant.setStatus(orderId, status);
    }

    /**
     * The merchant edits rows and presses "Recalculate" and "Update"; fires {@code order.updated}.
     * Like the admin, only orders in an editable status (pending, on-hold) can be edited.
     */
    public void editOrder(String orderId, Consumer<OrderEdit> edit) {
        merchant.editOrder(orderId, edit);
    }

    /** Any REST v3 order update body, through the same code as {@code PUT /orders/{id}}. */
    public JsonNode updateOrder(String orderId, String requestJson) {
        return merchant.updateOrder(orderId, requestJson);
    }

    /** The merchant deletes a refund in the admin ("Delete refund"); fires {@code order.updated}. */
    public void deleteRefund(String orderId, String refundId) {
        merchant.deleteRefund(orderId, refundId);
    }

    /** The merchant refunds; fires {@code order.updated}. Answers the refund id. */
    public String refund(String orderId, RefundSpec spec) {
        return merchant.refund(orderId, spec);
    }

    /** A note the merchant types in the admin (not a webhook trigger). */
    public OrderNote addMerchantNote(String orderId, String text, boolean customerNote) {
        return merchant.addMerchantNote(orderId, text, customerNote);
    }

    /** The merchant moves the order to the bin; fires {@code order.deleted} with {@code {"id": N}}. */
    public void trashOrder(String orderId) {
        merchant.trashOrder(orderId);
    }

    // ---------------------------------------------------------------- reading

    /** The order exactly as {@code GET /orders/{id}} answers it. */
    public JsonNode order(String orderId) {
        return merchant.order(orderId);
    }

    public String status(String orderId) {
        return merchant.status(orderId);
    }

    /** The id of the first product row with this SKU. */
    public String lineId(String orderId, String sku) {
        return merchant.lineId(orderId, sku);
    }

    /** Ids of the order's shipping rows, in order. */
    public List<String> shippingLineIds(String orderId) {
        return merchant.shippingLineIds(orderId);
    }

    /** All notes, oldest first (the REST API lists them newest first). */
    public List<OrderNote> notes(String orderId) {
        return merchant.notes(orderId);
    }

    public List<OrderNote> notes(String orderId, OrderNote.Origin origin) {
        return merchant.notes(orderId, origin);
    }

    /** Order meta as text (JSON text for non-string values). */
    public Map<String, String> meta(String orderId) {
        return merchant.meta(orderId);
    }

    /** A refund exactly as {@code GET /orders/{id}/refunds/{refundId}} answers it. */
    public JsonNode refundJson(String orderId, String refundId) {
        return merchant.refundJson(orderId, refundId);
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

    // ---------------------------------------------------------------- builder

    /** Builds a shop simulator; every setting is {@link ShopSetup}'s. */
    public static final class Builder extends ShopSetup<Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        public ShopSimulator build() {
            return new ShopSimulator(this);
        }
    }
}
