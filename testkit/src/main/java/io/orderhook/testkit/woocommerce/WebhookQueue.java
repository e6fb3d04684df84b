package io.orderhook.testkit.woocommerce;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The delivery of the shop's webhooks ({@link ShopWebhooks}) as the Action Scheduler runs it: a
 * queue with at most one pending delivery per webhook and order (so quick changes collapse into
 * one delivery), the body built when it is sent, signed with the webhook's own secret, posted once
 * to its own URL and never retried ({@link WebhookSender}), and a webhook disabled at the seventh
 * consecutive failure ({@code failure_count > 5} is checked before counting, as
 * {@code WC_Webhook::failed_delivery} does). Plus the fault controls the tests need.
 */
final class WebhookQueue implements AutoCloseable {
    /** woocommerce_max_webhook_delivery_failures. */
    private static final int MAX_DELIVERY_FAILURES = 5;

    private record Key(long webhookId, long orderId) {}

    /** @param due System.nanoTime() when it may be sent: real time, whatever clock the shop's dates use. */
    private record Pending(Key key, String topic, long due) {}

    private final ShopWebhooks webhooks;
    private final Object lock;
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
    private final List<DeliveredWebhook> log = new ArrayList<>();
    private final BiFunction<String, Long, Optional<JsonNode>> payloads;
    private final Clock clock;
    private final WebhookSender sender;
    private final Thread worker;
    private int inFlight;
    private boolean paused;
    private boolean closed;
    private Duration delay = Duration.ZERO;
    private Duration timeout = Duration.ofSeconds(60);
    private int duplicateDeliveries;
    private int duplicateCopies;
    private int dropDeliveries;
    private volatile String source = "";

    WebhookQueue(ShopWebhooks webhooks, BiFunction<String, Long, Optional<JsonNode>> payloads, Clock clock) {
        this.webhooks = webhooks;
        this.lock = webhooks.lock;
        // A webhook paused, disabled or deleted sends nothing more of what was queued for it.
        webhooks.onStopped(id -> pending.keySet().removeIf(k -> k.webhookId() == id));
        this.payloads = payloads;
        this.clock = clock;
        this.sender = new WebhookSender(clock);
        this.worker = new Thread(this::run, "shop-simulator-webhooks");
        worker.setDaemon(true);
        worker.start();
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
            ShopWebhooks.Webhook webhook = webhooks.get(id);
            if (webhook == null) {
                throw new IllegalArgumentException("no webhook " + id);
            }
            url = webhook.deliveryUrl;
        }
        int status = sender.ping(url, id);
        if (status == 200) {
            synchronized (lock) {
                ShopWebhooks.Webhook webhook = webhooks.get(id);
                if (webhook != null) {
                    webhook.pendingDelivery = false;
                }
            }
        }
        return status;
    }

    void setSource(String source) {
        this.source = source;
    }

    /** A change to an order: for each active webhook of the topic, queue a delivery unless one is pending. */
    void enqueue(String topic, long orderId) {
        synchronized (lock) {
            for (ShopWebhooks.Webhook webhook : webhooks.all()) {
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
            ShopWebhooks.Webhook webhook = webhooks.get(earlier.webhookId());
            if (webhook == null) {
                throw new IllegalArgumentException("webhook " + earlier.webhookId() + " was deleted");
            }
            url = webhook.deliveryUrl;
            sendTimeout = timeout;
        }
        DeliveredWebhook again = sender.post(url, sendTimeout, earlier.webhookId(), earlier.topic(), earlier.orderId(),
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
            id = webhooks.require(topic).id;
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
            ShopWebhooks.Webhook webhook = webhooks.get(next.key().webhookId());
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
        String deliveryId = WebhookSender.deliveryId(webhookId, now);
        Map<String, String> headers = WebhookSender.headers(source, next.topic(), webhookId, deliveryId, body, key);
        if (drop) {
            synchronized (lock) {
                log.add(new DeliveredWebhook(webhookId, next.topic(), Long.toString(orderId), deliveryId, headers,
                        body, now, DeliveredWebhook.Outcome.DROPPED, 0, "dropped by dropNextDeliveries"));
            }
            return;
        }
        for (int copy = 0; copy < copies; copy++) {
            DeliveredWebhook result = sender.post(url, sendTimeout, webhookId, next.topic(), Long.toString(orderId),
                    deliveryId, headers, body);
            synchronized (lock) {
                log.add(result);
                ShopWebhooks.Webhook webhook = webhooks.get(webhookId);
                if (webhook == null) {
                    continue;
                }
                if (result.outcome() == DeliveredWebhook.Outcome.DELIVERED) {
                    webhook.failures = 0;
                } else if (webhook.failures > MAX_DELIVERY_FAILURES) {
                    webhook.status = "disabled";
                    pending.keySet().removeIf(k -> k.webhookId() == webhookId);
                } else {
                    webhook.failures++;
                }
            }
        }
    }
}
