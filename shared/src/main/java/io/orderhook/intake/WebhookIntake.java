package io.orderhook.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.orderhook.secrets.SecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.BodyHash;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.QuarantinedDelivery;
import io.orderhook.store.ShopConfigStore;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Takes one WooCommerce webhook delivery into the inbox, or says why not. The order of the
 * checks is the contract: size, shop, ping, signature (over the raw bytes, before anything is
 * parsed), topic, the two fields we read, then one conditional write.
 */
public final class WebhookIntake {
    /** API Gateway would take up to 10 MB; no real order comes near 1 MiB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final Set<String> ORDER_TOPICS = Set.of("order.created", "order.updated", "order.deleted", "order.restored");
    /** Resources WooCommerce has webhooks for that orderhook does not manage. */
    private static final Set<String> OTHER_RESOURCES = Set.of("product", "customer", "coupon");
    /** Shop ids become part of DynamoDB keys: no '#', nothing unbounded. */
    private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern PING = Pattern.compile("webhook_id=\\d+");
    private static final DateTimeFormatter WOO_GMT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ShopConfigStore shops;
    private final SecretResolver secrets;
    private final InboxStore inbox;
    private final QuarantineStore quarantine;
    private final Clock clock;
    private final IntakeLog log;

    public WebhookIntake(ShopConfigStore shops, SecretResolver secrets, InboxStore inbox,
                         QuarantineStore quarantine, Clock clock, IntakeLog log) {
        this.shops = shops;
        this.secrets = secrets;
        this.inbox = inbox;
        this.quarantine = quarantine;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Runs the pure part of a delivery once (signature, parse) so the classes are loaded and
     * compiled before the first real webhook, or before SnapStart takes its snapshot.
     */
    public static void warmUp() {
        byte[] body = "{\"id\":1,\"date_modified_gmt\":\"2024-01-01T00:00:00\"}".getBytes(StandardCharsets.UTF_8);
        WebhookSignature.verify(body, WebhookSignature.sign(body, "warm-up"), "warm-up");
        WebhookBody.read(body);
        BodyHash.of(body);
    }

    public IntakeOutcome receive(WebhookDelivery delivery) {
        long started = System.nanoTime();
        IntakeOutcome outcome;
        try {
            outcome = decide(delivery);
        } catch (RuntimeException e) {
            // A bug of ours must still give WooCommerce an answer and us one log line, not a stack
            // trace and API Gateway's bare 500. Nothing is stored after the one write, so this is
            // always "not stored".
            outcome = new IntakeOutcome.Failed("internal error (" + e.getClass().getSimpleName()
                    + "); the delivery was not stored");
        }
        log.delivery(delivery, orderOf(outcome), outcome, (System.nanoTime() - started) / 1_000);
        return outcome;
    }

    private IntakeOutcome decide(WebhookDelivery delivery) {
        byte[] body = delivery.body();
        if (body.length > MAX_BODY_BYTES) {
            return new IntakeOutcome.TooLarge("body of " + body.length + " bytes is over the limit of "
                    + MAX_BODY_BYTES + " bytes (1 MiB)");
        }
        String shopId = delivery.shopId();
        Optional<ShopConfig> shop;
        try {
            shop = shopId != null && SHOP_ID.matcher(shopId).matches() ? shops.find(shopId) : Optional.empty();
        } catch (SdkException e) {
            return new IntakeOutcome.Failed("shop configuration could not be read (" + e.getClass().getSimpleName()
                    + "); the delivery was not stored");
        }
        if (shop.isEmpty()) {
            return new IntakeOutcome.UnknownShop("no shop '" + printable(shopId)
                    + "' is configured in orderhook: check the delivery URL of the webhook");
        }

        String signature = delivery.header(WebhookDelivery.SIGNATURE);
        if (signature == null || signature.isBlank()) {
            // The ping is the one delivery WooCommerce sends unsigned, and it has no X-WC headers.
            if (delivery.header(WebhookDelivery.TOPIC) == null && body.length < 64
                    && PING.matcher(new String(body, StandardCharsets.US_ASCII).trim()).matches()) {
                return new IntakeOutcome.Ping();
            }
            return new IntakeOutcome.Unauthorized("X-WC-Webhook-Signature is missing: give the webhook a secret "
                    + "in WooCommerce (Settings > Advanced > Webhooks)");
        }

        String secret;
        try {
            secret = secrets.resolve(shop.get().webhookSecretRef());
        } catch (SecretResolver.MissingSecretException | SdkException e) {
            // We cannot tell a real delivery from a forged one, and WooCommerce never retries:
            // keep it aside, marked unverified, rather than lose it.
            return quarantine(delivery, "signature NOT verified: the shop's webhook secret could not be read ("
                    + (e instanceof SdkException ? e.getClass().getSimpleName() : e.getMessage()) + ")", false);
        }
        if (!WebhookSignature.verify(body, signature, secret)) {
            return new IntakeOutcome.Unauthorized("X-WC-Webhook-Signature does not match the body: the webhook "
                    + "secret in WooCommerce must be the one orderhook has for shop '" + shopId + "'");
        }

        String topic = delivery.header(WebhookDelivery.TOPIC);
        if (topic == null || topic.isBlank()) {
            return quarantine(delivery, "no X-WC-Webhook-Topic header");
        }
        topic = singleValue(topic);
        if (topic == null) {
            return quarantine(delivery, "X-WC-Webhook-Topic was sent more than once with different values");
        }
        if (!ORDER_TOPICS.contains(topic)) {
            int dot = topic.indexOf('.');
            if (dot > 0 && OTHER_RESOURCES.contains(topic.substring(0, dot))) {
                return new IntakeOutcome.Ignored("topic " + topic + " is not about orders");
            }
            return quarantine(delivery, "unknown topic '" + printable(topic) + "'");
        }

        WebhookBody.Read read = WebhookBody.read(body);
        if (read instanceof WebhookBody.Read.Unreadable unreadable) {
            return quarantine(delivery, unreadable.reason());
        }
        WebhookBody.Read.Order order = (WebhookBody.Read.Order) read;
        Instant now = clock.instant();
        String modifiedGmt = order.modifiedGmt();
        if (modifiedGmt == null) {
            if (!topic.equals("order.deleted")) {
                return quarantine(delivery, "order body has no \"date_modified_gmt\""
                        + (order.localDateModified() ? "; " + WebhookBody.API_VERSION_ADVICE : ""));
            }
            // order.deleted sends only {"id": N}: the receive time orders it among the others.
            modifiedGmt = WOO_GMT.format(now);
        }
        InboxItem item = new InboxItem(shopId, order.orderId(), topic,
                delivery.header(WebhookDelivery.DELIVERY_ID), delivery.header(WebhookDelivery.WEBHOOK_ID),
                modifiedGmt, BodyHash.of(body), order.text(), now);
        InboxStore.Put put;
        try {
            put = inbox.put(item, body);
        } catch (SdkException e) {
            return new IntakeOutcome.Failed("the inbox could not be written (" + e.getClass().getSimpleName()
                    + "); the delivery was not stored");
        }
        if (put instanceof InboxStore.Put.Stored stored) {
            return new IntakeOutcome.Accepted(order.orderId(), item.sortKey(), stored.compressed());
        }
        if (put instanceof InboxStore.Put.TooLarge tooLarge) {
            return new IntakeOutcome.TooLarge("body of " + body.length + " bytes is still "
                    + tooLarge.compressedBytes() + " bytes compressed, over what one DynamoDB item holds");
        }
        return new IntakeOutcome.Duplicate(order.orderId());
    }

    private IntakeOutcome quarantine(WebhookDelivery delivery, String reason) {
        return quarantine(delivery, reason, true);
    }

    private IntakeOutcome quarantine(WebhookDelivery delivery, String reason, boolean signatureVerified) {
        Map<String, String> headers = new HashMap<>(delivery.headers());
        // The signature is a hash of the body under the secret: it stays out of storage like the secret.
        headers.remove(WebhookDelivery.SIGNATURE);
        headers.remove("authorization");
        headers.remove("cookie");
        try {
            String sortKey = quarantine.put(new QuarantinedDelivery(delivery.shopId(), clock.instant(),
                    delivery.header(WebhookDelivery.DELIVERY_ID), delivery.header(WebhookDelivery.TOPIC),
                    reason, headers, delivery.body(), signatureVerified));
            return new IntakeOutcome.Quarantined(reason, sortKey);
        } catch (SdkException e) {
            return new IntakeOutcome.Failed("the delivery could not be quarantined (" + e.getClass().getSimpleName()
                    + "): " + reason);
        }
    }

    private static String orderOf(IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            return accepted.orderId();
        }
        return outcome instanceof IntakeOutcome.Duplicate duplicate ? duplicate.orderId() : null;
    }

    /**
     * API Gateway (payload 2.0) joins a header sent more than once with commas. The same value
     * repeated is that value; different values are ambiguous ({@code null}).
     */
    private static String singleValue(String header) {
        if (header.indexOf(',') < 0) {
            return header;
        }
        String[] parts = header.split(",", -1);
        String first = parts[0].trim();
        for (String part : parts) {
            if (!part.trim().equals(first)) {
                return null;
            }
        }
        return first;
    }

    /** Names from the request go into responses and logs: short and printable only. */
    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        String cleaned = value.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
