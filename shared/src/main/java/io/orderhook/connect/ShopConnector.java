package io.orderhook.connect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.orderhook.secrets.SecretResolver;
import io.orderhook.secrets.SecretStore;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.store.ShopConfigStore;

/**
 * Connects a WooCommerce shop to orderhook through its REST API, the work a merchant would do by
 * hand: checks that the REST key reads and writes, stores the key and a webhook secret under the
 * shop's secret references, saves the shop's configuration, creates or repairs one webhook per
 * order topic (delivery URL, API v3, the secret), and pings the delivery URL. Running it again
 * changes nothing when nothing has to change: WooCommerce never shows a webhook's secret, so each
 * webhook's name carries a fingerprint of the secret it was given, and a webhook whose fingerprint,
 * URL or status is not orderhook's is repaired. {@link #disconnect} removes the webhooks.
 */
public final class ShopConnector {
    /** The order topics orderhook's receiver takes. */
    public static final List<String> TOPICS = List.of("order.created", "order.updated", "order.deleted", "order.restored");
    private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param shopUrl     the shop's home URL, as WordPress spells it
     * @param auth        how to present the key ({@link RestAuth#AUTO}: by the URL's scheme, and query-string
     *                    keys when an https server strips the Authorization header)
     * @param deliveryUrl where the shop's webhooks go: orderhook's {@code /webhooks/woocommerce/{shopId}}
     * @param provider    the payment provider account, needed only for a shop orderhook does not know yet
     */
    public record ConnectRequest(String shopId, URI shopUrl, String consumerKey, String consumerSecret, RestAuth auth,
                                 URI deliveryUrl, NewProvider provider) {}

    /** A Billmate account for a new shop; the secret is stored under the shop's reference, never in the table. */
    public record NewProvider(String accountId, String secret, String endpoint, boolean testMode) {}

    /**
     * @param problem   why the shop is not connected (null when it is)
     * @param checks    what was verified (REST access, permissions, ping)
     * @param done      what was changed, in order
     * @param unchanged what was already as it should be
     * @param toDo      what is left to do by hand
     */
    public record Report(String shopId, String problem, String restAuth, List<String> checks, List<String> done,
                         List<String> unchanged, List<String> toDo, List<WebhookLine> webhooks) {
        public boolean ok() {
            return problem == null;
        }
    }

    public record WebhookLine(long id, String topic, String status, String deliveryUrl) {}

    /** Builds the REST client (tests and local mode may pass TLS trust). */
    @FunctionalInterface
    public interface Clients {
        WooCommerceRestClient create(URI shopUrl, String consumerKey, String consumerSecret, RestAuth auth);
    }

    /** Sends WooCommerce's ping ({@code webhook_id=N}, form-encoded) to a delivery URL; answers the HTTP status, 0 when unreachable. */
    @FunctionalInterface
    public interface Pinger {
        int ping(URI deliveryUrl, long webhookId);
    }

    private final ShopConfigStore configs;
    private final SecretStore secrets;
    private final Clients clients;
    private final Pinger pinger;
    private final Supplier<String> newSecrets;

    public ShopConnector(ShopConfigStore configs, SecretStore secrets, Clients clients, Pinger pinger,
                         Supplier<String> newSecrets) {
        this.configs = configs;
        this.secrets = secrets;
        this.clients = clients;
        this.pinger = pinger;
        this.newSecrets = newSecrets;
    }

    /** With the standard REST client, an HTTP ping and 256-bit random webhook secrets. */
    public static ShopConnector standard(ShopConfigStore configs, SecretStore secrets) {
        return new ShopConnector(configs, secrets,
                (url, key, secret, auth) -> WooCommerceRestClient.builder(url, key, secret).auth(auth).build(),
                httpPinger(), ShopConnector::newWebhookSecret);
    }

    // ---------------------------------------------------------------- connect

    public Report connect(ConnectRequest r) {
        requireShopId(r.shopId());
        requireText(r.consumerKey(), "the REST consumer key (ck_...)");
        requireText(r.consumerSecret(), "the REST consumer secret (cs_...)");
        URI shopUrl = httpUrl(r.shopUrl(), "the shop URL");
        URI deliveryUrl = httpUrl(r.deliveryUrl(), "the delivery URL");
        Optional<ShopConfig> existing = configs.read(r.shopId());
        if (existing.isEmpty() && r.provider() == null) {
            throw new IllegalArgumentException("shop " + r.shopId() + " is not configured in orderhook yet: give its "
                    + "Billmate account too (id and secret)");
        }
        ReportBuilder steps = new ReportBuilder(r.shopId(), secrets);
        // 1. REST access, as the processor will use it.
        RestAccess.Checked access = RestAccess.check(clients, shopUrl, r, steps);
        if (access.problem() != null) {
            return steps.failed(access.problem(), access.used());
        }
        WooCommerceRestClient client = access.client();
        RestAuth used = access.used();

        // 2. Secrets and configuration, before the webhooks: WooCommerce pings at once.
        ShopConfig base = existing.orElseGet(() -> new ShopConfig(r.shopId(), shopUrl.toString(), ref(r.shopId(), "webhookSecret"),
                ref(r.shopId(), "restKey"), ref(r.shopId(), "restSecret"), null, ShopSettings.defaults(), 0));
        String webhookSecretRef = orDefault(base.webhookSecretRef(), ref(r.shopId(), "webhookSecret"));
        String restKeyRef = orDefault(base.restKeyRef(), ref(r.shopId(), "restKey"));
        String restSecretRef = orDefault(base.restSecretRef(), ref(r.shopId(), "restSecret"));
        steps.store(restKeyRef, r.consumerKey(), "the REST consumer key");
        steps.store(restSecretRef, r.consumerSecret(), "the REST consumer secret");
        String webhookSecret = steps.current(webhookSecretRef);
        if (webhookSecret == null) {
            webhookSecret = newSecrets.get();
            secrets.store(webhookSecretRef, webhookSecret);
            steps.done.add("generated a new webhook secret and stored it under " + webhookSecretRef);
        } else {
            steps.unchanged.add("webhook secret (kept under " + webhookSecretRef + ")");
        }
        ShopConfig.ProviderAccount provider = base.provider();
        if (r.provider() != null) {
            String providerRef = provider != null && provider.secretRef() != null ? provider.secretRef()
                    : ref(r.shopId(), "billmateSecret");
            steps.store(providerRef, r.provider().secret(), "the Billmate secret");
            provider = new ShopConfig.ProviderAccount("billmate", r.provider().accountId(), providerRef,
                    r.provider().endpoint(), r.provider().testMode());
        }
        RestAuth stored = r.auth() == RestAuth.AUTO && used != RestAuth.QUERY ? RestAuth.AUTO : used;
        ShopConfig wanted = new ShopConfig(r.shopId(), trimmed(shopUrl), webhookSecretRef, restKeyRef, restSecretRef,
                provider, base.settings(), base.version() + 1, stored);
        if (existing.isPresent() && sameExceptVersion(existing.get(), wanted)) {
            steps.unchanged.add("configuration (version " + existing.get().version() + ")");
        } else {
            configs.save(wanted);
            steps.done.add((existing.isPresent() ? "updated" : "created") + " the configuration of shop " + r.shopId()
                    + " (shop URL " + wanted.shopUrl() + ", REST auth " + stored.wireName() + ", version " + wanted.version() + ")");
        }

        // 3. One webhook per topic.
        String unsynced = WebhookSync.sync(client, r.shopId(), deliveryUrl, webhookSecret, steps);
        if (unsynced != null) {
            return steps.failed(unsynced, used);
        }

        // 4. The ping WooCommerce sends, from here: proves orderhook's receiver knows the shop.
        long pingId = steps.webhooks.stream().filter(w -> w.topic().equals("order.updated")).findFirst().orElseThrow().id();
        int pinged = pinger.ping(deliveryUrl, pingId);
        if (pinged == 200) {
            steps.checks.add("ping: " + deliveryUrl + " answered 200, as WooCommerce needs");
        } else {
            steps.toDo.add("orderhook's receiver at " + deliveryUrl + " answered " + (pinged == 0 ? "nothing" : "HTTP " + pinged)
                    + " to a ping from here; a shop's webhooks need 200 there (a new shop is known to every AWS container "
                    + "within a minute).");
        }
        steps.toDo.addAll(DeliveryUrlCheck.problems(deliveryUrl, shopUrl));
        if (used == RestAuth.OAUTH1) {
            steps.toDo.add("The shop is on plain http, so orderhook signs its REST calls with OAuth 1.0a: keep this "
                    + "machine's clock and the shop's within 15 minutes of each other.");
        }
        steps.toDo.add("After the next order change, look at WooCommerce > Status > Logs (webhook-delivery): each delivery "
                + "should show HTTP 200. Deliveries wait for the shop's Action Scheduler (WP-Cron): a quiet shop sends "
                + "them late unless a system cron runs wp-cron.php.");
        return steps.report(used, stored);
    }

    // ---------------------------------------------------------------- disconnect

    /**
     * Deletes the shop's webhooks to orderhook (by delivery URL or orderhook's name for the shop).
     * The configuration, the secrets and every order's history stay.
     */
    public Report disconnect(String shopId, URI deliveryUrl) {
        requireShopId(shopId);
        ShopConfig config = configs.read(shopId).orElseThrow(() -> new UnknownShop(shopId));
        ReportBuilder steps = new ReportBuilder(shopId, secrets);
        WooCommerceRestClient client;
        try {
            client = clients.create(URI.create(config.shopUrl()), secrets.resolve(config.restKeyRef()),
                    secrets.resolve(config.restSecretRef()), config.restAuth());
        } catch (IllegalArgumentException | SecretResolver.MissingSecretException e) {
            return steps.failed(e.getMessage(), config.restAuth());
        }
        String unremoved = WebhookSync.removeAll(client, shopId, deliveryUrl, steps);
        if (unremoved != null) {
            return steps.failed(unremoved, client.auth());
        }
        if (steps.done.isEmpty()) {
            steps.unchanged.add("the shop has no webhooks to orderhook");
        }
        steps.toDo.add("Orders changed from now on do not reach orderhook. The shop's configuration, secrets and "
                + "recorded orders stay; connect again to resume.");
        return steps.report(client.auth(), config.restAuth());
    }

    /** The shop is not configured in orderhook. */
    public static final class UnknownShop extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownShop(String shopId) {
            super("no shop '" + shopId + "' is configured in orderhook");
        }
    }

    // ---------------------------------------------------------------- pieces

    /** 256 random bits, URL-safe Base64: nothing in it that WordPress would read as an HTML entity. */
    public static String newWebhookSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static Pinger httpPinger() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return (url, id) -> {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", "orderhook connect (WooCommerce ping)")
                    .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + id)).build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        };
    }

    private static boolean sameExceptVersion(ShopConfig a, ShopConfig b) {
        return Objects.equals(a.shopId(), b.shopId()) && Objects.equals(a.shopUrl(), b.shopUrl())
                && Objects.equals(a.webhookSecretRef(), b.webhookSecretRef()) && Objects.equals(a.restKeyRef(), b.restKeyRef())
                && Objects.equals(a.restSecretRef(), b.restSecretRef()) && Objects.equals(a.provider(), b.provider())
                && Objects.equals(a.settings(), b.settings()) && a.restAuth() == b.restAuth();
    }

    static String ref(String shopId, String name) {
        return "orderhook/shops/" + shopId + "#" + name;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String trimmed(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static void requireShopId(String shopId) {
        if (shopId == null || !SHOP_ID.matcher(shopId).matches()) {
            throw new IllegalArgumentException("shop id '" + shopId + "' is not a shop id (letters, digits, - and _, at most 64)");
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + what);
        }
    }

    private static URI httpUrl(URI url, String what) {
        if (url == null || url.getHost() == null
                || !List.of("http", "https").contains(String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(what + " must be an http:// or https:// URL with a host, not " + url);
        }
        return url;
    }

}
