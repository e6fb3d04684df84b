package io.orderhook.testkit.woocommerce;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /wp-json/wc/v3/webhooks} as WooCommerce's webhooks controller answers it (the v1
 * controller v3 inherits): list with {@code status}, {@code search}, paging and the
 * {@code X-WP-Total} headers; get; create (status forced to {@code active}, a random 50-character
 * secret when none is given, a ping to the delivery URL before the answer); update (a ping when an
 * active webhook's URL changed or its first ping never succeeded); delete only with
 * {@code force=true}. The secret is write-only. Unknown ids: 400 on get and update, 404 on delete.
 */
final class WebhooksRestApi {
    private static final Pattern WEBHOOK = Pattern.compile("/webhooks/(\\d+)");
    private static final Set<String> STATUSES = Set.of("active", "paused", "disabled");
    private static final Set<String> RESOURCES = Set.of("coupon", "customer", "order", "product");
    private static final Set<String> EVENTS = Set.of("created", "updated", "deleted", "restored");
    private static final DateTimeFormatter WP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final char[] SECRET_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShopWebhooks webhooks;
    private final WebhookQueue queue;
    private final ZoneId siteZone;
    private final Supplier<String> restBase;

    WebhooksRestApi(ShopWebhooks webhooks, WebhookQueue queue, ZoneId siteZone, Supplier<String> restBase) {
        this.queue = queue;
        this.webhooks = webhooks;
        this.siteZone = siteZone;
        this.restBase = restBase;
    }

    static boolean handles(String path) {
        return path.equals("/webhooks") || path.startsWith("/webhooks/");
    }

    ShopRestApi.Answer route(String method, String path, Map<String, String> query, JsonNode body) {
        if (path.equals("/webhooks")) {
            return switch (method) {
                case "GET" -> list(query);
                case "POST" -> create(body);
                default -> throw RestError.noRoute();
            };
        }
        Matcher m = WEBHOOK.matcher(path);
        if (!m.matches()) {
            throw RestError.noRoute();
        }
        long id = Long.parseLong(m.group(1));
        return switch (method) {
            case "GET" -> new ShopRestApi.Answer(200, json(existing(id, 400)));
            case "PUT", "POST", "PATCH" -> update(id, body);
            case "DELETE" -> delete(id, "true".equals(query.get("force")) || "1".equals(query.get("force")));
            default -> throw RestError.noRoute();
        };
    }

    private ShopRestApi.Answer list(Map<String, String> query) {
        String status = query.getOrDefault("status", "all");
        if (!status.equals("all") && !STATUSES.contains(status)) {
            throw invalidParam("status", "status is not one of all, active, paused, and disabled.");
        }
        int perPage = intParam(query, "per_page", 10);
        if (perPage < 1 || perPage > 100) {
            throw invalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
        }
        int page = Math.max(1, intParam(query, "page", 1));
        String search = query.getOrDefault("search", "").toLowerCase(Locale.ROOT);
        Comparator<ShopWebhook> order = switch (query.getOrDefault("orderby", "date")) {
            case "id" -> Comparator.comparingLong(ShopWebhook::id);
            case "title" -> Comparator.comparing(ShopWebhook::name).thenComparingLong(ShopWebhook::id);
            default -> Comparator.comparing(ShopWebhook::created).thenComparingLong(ShopWebhook::id);
        };
        if (!"asc".equalsIgnoreCase(query.getOrDefault("order", "desc"))) {
            order = order.reversed();
        }
        List<ShopWebhook> matching = webhooks.list().stream()
                .filter(h -> status.equals("all") || h.status().equals(status))
                .filter(h -> search.isEmpty() || h.name().toLowerCase(Locale.ROOT).contains(search))
                .sorted(order)
                .toList();
        ArrayNode items = PhpJson.MAPPER.createArrayNode();
        matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(h -> items.add(json(h)));
        int pages = (matching.size() + perPage - 1) / perPage;
        return new ShopRestApi.Answer(200, items, Map.of("X-WP-Total", Integer.toString(matching.size()),
                "X-WP-TotalPages", Integer.toString(pages)));
    }

    private ShopRestApi.Answer create(JsonNode body) {
        String topic = body.path("topic").asText("").toLowerCase(Locale.ROOT);
        if (!validTopic(topic)) {
            throw new RestError(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
        }
        URI url = deliveryUrl(body.path("delivery_url").asText(""));
        if (body.has("status")) {
            status(body); // checked by the schema, then ignored: a new webhook is always active
        }
        String secret = body.hasNonNull("secret") && !body.get("secret").asText().isEmpty()
                ? body.get("secret").asText() : randomSecret();
        String name = body.hasNonNull("name") && !body.get("name").asText().isEmpty() ? body.get("name").asText()
                : "Webhook created on " + WP_DATE.format(Instant.now().atZone(siteZone));
        ShopWebhook created = webhooks.create(name, topic, url, secret);
        // WC_Webhook_Data_Store::create pings an active webhook at once; a failed ping fails nothing.
        queue.ping(created.id());
        return new ShopRestApi.Answer(201, json(webhooks.find(created.id()).orElse(created)),
                Map.of("Location", restBase.get() + "/webhooks/" + created.id()));
    }

    private ShopRestApi.Answer update(long id, JsonNode body) {
        existing(id, 400);
        String topic = null;
        if (body.has("topic")) {
            topic = body.get("topic").asText("").toLowerCase(Locale.ROOT);
            if (!validTopic(topic)) {
                throw new RestError(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic must be valid.");
            }
        }
        URI url = body.has("delivery_url") ? deliveryUrl(body.get("delivery_url").asText("")) : null;
        String status = body.has("status") ? status(body) : null;
        String secret = body.hasNonNull("secret") && !body.get("secret").asText().isEmpty() ? body.get("secret").asText() : null;
        String name = body.hasNonNull("name") ? body.get("name").asText() : null;
        ShopWebhooks.Updated updated = webhooks.update(id, name, status, topic, url, secret);
        if (updated.ping()) {
            queue.ping(id);
        }
        return new ShopRestApi.Answer(200, json(webhooks.find(id).orElse(updated.hook())));
    }

    private ShopRestApi.Answer delete(long id, boolean force) {
        ShopWebhook hook = existing(id, 404);
        if (!force) {
            throw new RestError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
        }
        webhooks.delete(id);
        return new ShopRestApi.Answer(200, json(hook));
    }

    private ShopWebhook existing(long id, int status) {
        return webhooks.find(id).orElseThrow(() -> status == 404
                ? new RestError(404, "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.")
                : new RestError(400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid."));
    }

    /** wc_is_webhook_valid_topic: action.{hook}, or one of the core resources and events. */
    static boolean validTopic(String topic) {
        if (topic.startsWith("action.") && topic.length() > "action.".length()) {
            return true;
        }
        int dot = topic.indexOf('.');
        return dot > 0 && RESOURCES.contains(topic.substring(0, dot)) && EVENTS.contains(topic.substring(dot + 1));
    }

    private static URI deliveryUrl(String text) {
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException bad) {
            // answered below
        }
        throw new RestError(400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
                "Webhook delivery URL must be a valid URL starting with http:// or https://.");
    }

    private static String status(JsonNode body) {
        String status = body.get("status").asText("");
        if (!STATUSES.contains(status)) {
            throw invalidParam("status", "status is not one of active, paused, and disabled.");
        }
        return status;
    }

    private ObjectNode json(ShopWebhook hook) {
        ObjectNode json = PhpJson.MAPPER.createObjectNode();
        json.put("id", hook.id());
        json.put("name", hook.name());
        json.put("status", hook.status());
        json.put("topic", hook.topic());
        int dot = hook.topic().indexOf('.');
        json.put("resource", dot < 0 ? "" : hook.topic().substring(0, dot));
        json.put("event", dot < 0 ? "" : hook.topic().substring(dot + 1));
        ArrayNode hooks = json.putArray("hooks");
        hooksOf(hook.topic()).forEach(hooks::add);
        json.put("delivery_url", hook.deliveryUrl().toString());
        json.put("date_created", WP_DATE.format(hook.created().atZone(siteZone)));
        json.put("date_created_gmt", WP_DATE.format(hook.created().atOffset(ZoneOffset.UTC)));
        json.put("date_modified", WP_DATE.format(hook.modified().atZone(siteZone)));
        json.put("date_modified_gmt", WP_DATE.format(hook.modified().atOffset(ZoneOffset.UTC)));
        ObjectNode links = json.putObject("_links");
        links.putArray("self").addObject().put("href", restBase.get() + "/webhooks/" + hook.id());
        links.putArray("collection").addObject().put("href", restBase.get() + "/webhooks");
        return json;
    }

    /** The default topic-to-hook map of WooCommerce 9.x ({@code woocommerce_webhook_topic_hooks}). */
    private static List<String> hooksOf(String topic) {
        return switch (topic) {
            case "order.created" -> List.of("woocommerce_new_order");
            case "order.updated" -> List.of("woocommerce_update_order", "woocommerce_order_refunded");
            case "order.deleted" -> List.of("wp_trash_post", "woocommerce_trash_order");
            case "order.restored" -> List.of("untrashed_post", "woocommerce_untrash_order");
            default -> topic.startsWith("action.") ? List.of(topic.substring("action.".length())) : List.of();
        };
    }

    private static String randomSecret() {
        // wp_generate_password(50, true, true)
        char[] secret = new char[50];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = SECRET_CHARS[RANDOM.nextInt(SECRET_CHARS.length)];
        }
        return new String(secret);
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        try {
            return query.containsKey(name) ? Integer.parseInt(query.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw invalidParam(name, name + " is not of type integer.");
        }
    }

    private static RestError invalidParam(String name, String detail) {
        ObjectNode data = PhpJson.MAPPER.createObjectNode();
        data.putObject("params").put(name, detail);
        return new RestError(400, "rest_invalid_param", "Invalid parameter(s): " + name, data);
    }
}
