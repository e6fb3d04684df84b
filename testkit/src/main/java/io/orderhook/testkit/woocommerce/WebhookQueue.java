package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * WooCommerce's webhooks and their delivery as the Action Scheduler runs it: any number of
 * webhooks, each with its topic, status ({@code active}, {@code paused}, {@code disabled}),
 * delivery URL, secret and failure count; a queue with at most one pending delivery per webhook
 * and order (so quick changes collapse into one delivery), the body built when it is sent,
 * signed with the webhook's own secret, posted once to its own URL and never retried, and a
 * webhook disabled at the seventh consecutive failure ({@code failure_count > 5} is checked
 * before counting, as {@code WC_Webhook::failed_delivery} does). Plus the fault controls the
 * tests need.
 */
final class WebhookQueue implements AutoCloseable {
    static final List<String> TOPICS = List.of("order.created", "order.updated", "order.deleted");
    /** woocommerce_max_webhook_delivery_failures. */
    private static final int MAX_DELIVERY_FAILURES = 5;

    private record Key(long webhookId, long orderId) {}

    /** @param due System.nanoTime() when it may be sent: real time, whatever clock the shop's dates use. */
    private record Pending(Key key, String topic, long due) {}

    private static final class Webhook {
        final long id;
        final Instant created;
        String name;
        String topic;
        String status = "active";
        URI deliveryUrl;
        String secret;
        int failures;
        boolean pendingDelivery = true;
        String apiVersion = "wp_api_v3";
        Instant modified;

        Webhook(long id, Instant created) {
            this.id = id;
            this.created = created;
            this.modified = created;
        }

        ShopWebhook view() {
            return new ShopWebhook(id, name, status, topic, deliveryUrl, secret, failures, pendingDelivery, apiVersion, created, modified);
        }
    }

    private final Object lock = new Object();
    private final Map<Long, Webhook> webhooks = new LinkedHashMap<>();
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
    private final List<DeliveredWebhook> log = new ArrayList<>();
    private final BiFunction<String, Long, Optional<JsonNode>> payloads;
    private final Clock clock;
    private final HttpClient http;
    private final Thread worker;
    private long nextId = 1;
    private int inFlight;
    private boolean paused;
    private boolean closed;
    private Duration delay = Duration.ZERO;
    private Duration timeout = Duration.ofSeconds(60);
    private int duplicateDeliveries;
    private int duplicateCopies;
    private int dropDeliveries;
    private volatile String source = "";

    WebhookQueue(BiFunction<String, Long, Optional<JsonNode>> payloads, Clock clock) {
        this.payloads = payloads;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.worker = new Thread(this::run, "shop-simulator-webhooks");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * The merchant's order webhooks (created, updated, deleted) made in the admin, pointed at this
     * URL with this secret: the first webhook of each topic is changed, a missing one created.
     */
    void configure(URI deliveryUrl, String secret) {
        synchronized (lock) {
            for (String topic : TOPICS) {
                Webhook webhook = first(topic);
                if (webhook == null) {
                    webhook = newWebhook("Order " + topic.substring(topic.indexOf('.') + 1), topic, deliveryUrl, secret);
                }
                webhook.deliveryUrl = deliveryUrl;
                webhook.secret = secret;
                webhook.modified = now();
            }
        }
    }

    // ---------------------------------------------------------------- the webhooks (REST API and admin)

    List<ShopWebhook> list() {
        synchronized (lock) {
            return webhooks.values().stream().map(Webhook::view).toList();
        }
    }

    Optional<ShopWebhook> find(long id) {
        synchronized (lock) {
            return Optional.ofNullable(webhooks.get(id)).map(Webhook::view);
        }
    }

    /** A new webhook, active, as the REST API and the admin create one (the caller pings it). */
    ShopWebhook create(String name, String topic, URI deliveryUrl, String secret) {
        synchronized (lock) {
            return newWebhook(name, topic, deliveryUrl, secret).view();
        }
    }

    /**
     * Changes what is given (null keeps a field); answers the webhook after the change and
     * whether WooCommerce would ping it now (active, and the URL changed or a ping is still due).
     */
    record Updated(ShopWebhook hook, boolean ping) {}

    Updated update(long id, String name, String status, String topic, URI deliveryUrl, String secret) {
        synchronized (lock) {
            Webhook webhook = webhooks.get(id);
            if (webhook == null) {
                throw new IllegalArgumentException("no webhook " + id);
            }
            boolean urlChanged = deliveryUrl != null && !deliveryUrl.equals(webhook.deliveryUrl);
            if (name != null) {
                webhook.name = name;
            }
            if (status != null) {
                // Re-activating keeps failure_count: the next failure disables the webhook again.
                webhook.status = status;
                if (!status.equals("active")) {
                    pending.keySet().removeIf(k -> k.webhookId() == id);
                }
            }
            if (topic != null) {
                webhook.topic = topic;
            }
            if (deliveryUrl != null) {
                webhook.deliveryUrl = deliveryUrl;
            }
            if (secret != null) {
                webhook.secret = secret;
            }
            webhook.modified = now();
            return new Updated(webhook.view(), webhook.status.equals("active") && (urlChanged || webhook.pendingDelivery));
        }
    }

    Optional<ShopWebhook> delete(long id) {
        synchronized (lock) {
            Webhook removed = webhooks.remove(id);
            pending.keySet().removeIf(k -> k.webhookId() == id);
            return Optional.ofNullable(removed).map(Webhook::view);
        }
    }

    /**
     * WC_Webhook::deliver_ping: {@code webhook_id=N} form-encoded, no signature. Only an exact
     * 200 clears the pending ping; a failure is reported, never counted as a failed delivery.
     *
     * @return the receiver's status, or 0 when it could not be reached
     */
    int ping(long id) {
        URI url;
        synchronized (lock) {
            Webhook webhook = webhooks.get(id);
            if (webhook == null) {
                throw new IllegalArgumentException("no webhook " + id);
            }
            url = webhook.deliveryUrl;
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", userAgent())
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + id))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        if (status == 200) {
            synchronized (lock) {
                Webhook webhook = webhooks.get(id);
                if (webhook != null) {
                    webhook.pendingDelivery = false;
                }
            }
        }
        return status;
    }

    private Webhook newWebhook(String name, String topic, URI deliveryUrl, String secret) {
        Webhook webhook = new Webhook(nextId++, now());
        webhook.name = name;
        webhook.topic = topic;
        webhook.deliveryUrl = deliveryUrl;
        webhook.secret = secret;
        webhooks.put(webhook.id, webhook);
        return webhook;
    }

    private Webhook first(String topic) {
        return webhooks.values().stream().filter(w -> w.topic.equals(topic)).findFirst().orElse(null);
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    void setSource(String source) {
        this.source = source;
    }

    /** A change to an order: for each active webhook of the topic, queue a delivery unless one is pending. */
    void enqueue(String topic, long orderId) {
        synchronized (lock) {
            for (Webhook webhook : webhooks.values()) {
                if (!webhook.topic.equals(topic) || !webhook.status.equals("active") || webhook.deliveryUrl == null) {
                    continue;
                }
                Key key = new Key(webhook.id, orderId);
                pending.putIfAbsent(key, new Pending(key, topic, System.nanoTime() + delay.toNanos()));
            }
            lock.notifyAll();
        }
    }

    void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    void setDelay(Duration delay) {
        synchronized (lock) {
            this.delay = delay;
        }
    }

    void setTimeout(Duration timeout) {
        synchronized (lock) {
            this.timeout = timeout;
        }
    }

    void duplicateNext(int deliveries, int copies) {
        synchronized (lock) {
            duplicateDeliveries = deliveries;
            duplicateCopies = copies;
        }
    }

    void dropNext(int deliveries) {
        synchronized (lock) {
            dropDeliveries = deliveries;
        }
    }

    int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    String status(String topic) {
        synchronized (lock) {
            return requireWebhook(topic).status;
        }
    }

    long webhookId(String topic) {
        synchronized (lock) {
            return requireWebhook(topic).id;
        }
    }

    int failures(String topic) {
        synchronized (lock) {
            return requireWebhook(topic).failures;
        }
    }

    /** Re-activates the topic's webhook; its failure count stays, as in WooCommerce. */
    void activate(String topic) {
        synchronized (lock) {
            requireWebhook(topic).status = "active";
        }
    }

    List<DeliveredWebhook> deliveries() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    void awaitDrained(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (lock) {
            while (!pending.isEmpty() || inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("webhook deliveries not drained within " + within + ": "
                            + pending.size() + " pending, " + inFlight + " in flight"
                            + (paused ? "; delivery is paused, call resumeDeliveries() first" : ""));
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for webhook deliveries", e);
                }
            }
        }
    }

    /** Sends the same bytes and headers again, as a late duplicate of an earlier delivery would arrive. */
    DeliveredWebhook replay(DeliveredWebhook earlier) {
        URI url;
        Duration sendTimeout;
        synchronized (lock) {
            Webhook webhook = webhooks.get(earlier.webhookId());
            if (webhook == null) {
                throw new IllegalArgumentException("webhook " + earlier.webhookId() + " was deleted");
            }
            url = webhook.deliveryUrl;
            sendTimeout = timeout;
        }
        DeliveredWebhook again = post(url, sendTimeout, earlier.webhookId(), earlier.topic(), earlier.orderId(),
                earlier.deliveryId(), earlier.headers(), earlier.body());
        synchronized (lock) {
            log.add(again);
        }
        return again;
    }

    /** The ping of the topic's webhook (as WooCommerce sends it when a webhook is saved). */
    int ping(String topic) {
        long id;
        synchronized (lock) {
            id = requireWebhook(topic).id;
        }
        return ping(id);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        worker.interrupt();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first webhook of the topic (the one the merchant's admin made, or the oldest). */
    private Webhook requireWebhook(String topic) {
        Webhook webhook = first(topic);
        if (webhook == null) {
            throw new IllegalArgumentException("no webhook for topic " + topic + "; the shop has "
                    + webhooks.values().stream().map(w -> w.topic).distinct().toList());
        }
        return webhook;
    }

    private void run() {
        while (true) {
            Pending next;
            synchronized (lock) {
                try {
                    next = takeDue();
                } catch (InterruptedException e) {
                    return;
                }
                if (next == null) {
                    return;
                }
                inFlight++;
            }
            try {
                deliver(next);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    log.add(new DeliveredWebhook(next.key().webhookId(), next.topic(),
                            Long.toString(next.key().orderId()), "", Map.of(), new byte[0], clock.instant(),
                            DeliveredWebhook.Outcome.FAILED, 0, "simulator error: " + e));
                }
            } finally {
                synchronized (lock) {
                    inFlight--;
                    lock.notifyAll();
                }
            }
        }
    }

    /** Waits (holding the lock's monitor) for the earliest due delivery; null once closed. */
    private Pending takeDue() throws InterruptedException {
        while (!closed) {
            if (!paused && !pending.isEmpty()) {
                Pending earliest = pending.values().stream()
                        .min((a, b) -> Long.compare(a.due(), b.due())).orElseThrow();
                long waitNanos = earliest.due() - System.nanoTime();
                if (waitNanos <= 0) {
                    pending.remove(earliest.key());
                    return earliest;
                }
                lock.wait(Math.max(1, waitNanos / 1_000_000));
            } else {
                lock.wait();
            }
        }
        return null;
    }

    private void deliver(Pending next) {
        long orderId = next.key().orderId();
        Optional<JsonNode> payload = payloads.apply(next.topic(), orderId);
        if (payload.isEmpty()) {
            return;
        }
        byte[] body = PhpJson.encode(payload.get());
        URI url;
        String key;
        Duration sendTimeout;
        int copies = 1;
        boolean drop = false;
        synchronized (lock) {
            Webhook webhook = webhooks.get(next.key().webhookId());
            if (webhook == null || !webhook.status.equals("active")) {
                return; // deleted, paused or disabled since the change was queued
            }
            url = webhook.deliveryUrl;
            key = webhook.secret;
            sendTimeout = timeout;
            if (dropDeliveries > 0) {
                dropDeliveries--;
                drop = true;
            } else if (duplicateDeliveries > 0) {
                duplicateDeliveries--;
                copies += duplicateCopies;
            }
        }
        long webhookId = next.key().webhookId();
        Instant now = clock.instant();
        String deliveryId = deliveryId(webhookId, now);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", userAgent());
        headers.put("X-WC-Webhook-Source", source);
        headers.put("X-WC-Webhook-Topic", next.topic());
        headers.put("X-WC-Webhook-Resource", "order");
        headers.put("X-WC-Webhook-Event", next.topic().substring(next.topic().indexOf('.') + 1));
        headers.put("X-WC-Webhook-Signature", WebhookSigner.sign(body, key));
        headers.put("X-WC-Webhook-ID", Long.toString(webhookId));
        headers.put("X-WC-Webhook-Delivery-ID", deliveryId);
        if (drop) {
            synchronized (lock) {
                log.add(new DeliveredWebhook(webhookId, next.topic(), Long.toString(orderId), deliveryId, headers,
                        body, now, DeliveredWebhook.Outcome.DROPPED, 0, "dropped by dropNextDeliveries"));
            }
            return;
        }
        for (int copy = 0; copy < copies; copy++) {
            DeliveredWebhook result = post(url, sendTimeout, webhookId, next.topic(), Long.toString(orderId),
                    deliveryId, headers, body);
            synchronized (lock) {
                log.add(result);
                Webhook webhook = webhooks.get(webhookId);
                if (webhook == null) {
                    continue;
                }
                if (result.outcome() == DeliveredWebhook.Outcome.DELIVERED) {
                    webhook.failures = 0;
                } else if (webhook.failures > MAX_DELIVERY_FAILURES) {
                    webhook.status = "disabled";
                    pending.keySet().removeIf(k -> k.webhookId() == webhook.id);
                } else {
                    webhook.failures++;
                }
            }
        }
    }

    private DeliveredWebhook post(URI url, Duration sendTimeout, long webhookId, String topic, String orderId,
                                  String deliveryId, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(sendTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        Instant sentAt = clock.instant();
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            // WooCommerce counts 200..302 as delivered.
            boolean delivered = status >= 200 && status <= 302;
            return new DeliveredWebhook(webhookId, topic, orderId, deliveryId, headers, body, sentAt,
                    delivered ? DeliveredWebhook.Outcome.DELIVERED : DeliveredWebhook.Outcome.FAILED, status,
                    delivered ? "" : "HTTP " + status);
        } catch (IOException e) {
            return new DeliveredWebhook(webhookId, topic, orderId, deliveryId, headers, body, sentAt,
                    DeliveredWebhook.Outcome.FAILED, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveredWebhook(webhookId, topic, orderId, deliveryId, headers, body, sentAt,
                    DeliveredWebhook.Outcome.FAILED, 0, "interrupted");
        }
    }

    /** wp_hash(webhook id . time()): the same id for every delivery of a webhook within one second. */
    private static String deliveryId(long webhookId, Instant now) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((webhookId + "" + now.getEpochSecond())
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static String userAgent() {
        return "WooCommerce/" + ShopSimulator.WOOCOMMERCE_VERSION + " Hookshot (WordPress/" + ShopSimulator.WORDPRESS_VERSION + ")";
    }
}
