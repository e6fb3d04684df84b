package io.orderhook.testkit.woocommerce;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The shop's webhooks as WooCommerce stores them (WC_Webhook): name, topic, status
 * ({@code active}, {@code paused}, {@code disabled}), delivery URL, secret, failure count and
 * whether a ping is still due; changed by the REST API, the admin and the delivery queue, all
 * under {@link #lock}.
 */
final class ShopWebhooks {
    static final List<String> TOPICS = List.of("order.created", "order.updated", "order.deleted");

    static final class Webhook {
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

    /** The one lock of the webhooks and their delivery queue. */
    final Object lock = new Object();
    private final Map<Long, Webhook> webhooks = new LinkedHashMap<>();
    private final Clock clock;
    private long nextId = 1;
    private LongConsumer stopped = id -> { };

    ShopWebhooks(Clock clock) {
        this.clock = clock;
    }

    /** What to do (under the lock) when a webhook stops delivering: paused, disabled or deleted. */
    void onStopped(LongConsumer callback) {
        this.stopped = callback;
    }

    /** The webhook with this id, or null; the caller holds the lock. */
    Webhook get(long id) {
        return webhooks.get(id);
    }

    /** Every webhook, oldest first; the caller holds the lock. */
    Collection<Webhook> all() {
        return webhooks.values();
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
                    stopped.accept(id);
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
            stopped.accept(id);
            return Optional.ofNullable(removed).map(Webhook::view);
        }
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

    Webhook first(String topic) {
        return webhooks.values().stream().filter(w -> w.topic.equals(topic)).findFirst().orElse(null);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    String status(String topic) {
        synchronized (lock) {
            return require(topic).status;
        }
    }

    long webhookId(String topic) {
        synchronized (lock) {
            return require(topic).id;
        }
    }

    int failures(String topic) {
        synchronized (lock) {
            return require(topic).failures;
        }
    }

    /** Re-activates the topic's webhook; its failure count stays, as in WooCommerce. */
    void activate(String topic) {
        synchronized (lock) {
            require(topic).status = "active";
        }
    }

    /** The first webhook of the topic (the one the merchant's admin made, or the oldest). */
    Webhook require(String topic) {
        Webhook webhook = first(topic);
        if (webhook == null) {
            throw new IllegalArgumentException("no webhook for topic " + topic + "; the shop has "
                    + webhooks.values().stream().map(w -> w.topic).distinct().toList());
        }
        return webhook;
    }
}
