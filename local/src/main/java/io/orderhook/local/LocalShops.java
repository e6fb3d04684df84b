package io.orderhook.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.admin.AdminApi;
import io.orderhook.admin.SettingsChange;
import io.orderhook.json.Json;
import io.orderhook.fraud.FraudSettings;
import io.orderhook.shop.ProviderSettings;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.ShopConfigStore;

/**
 * The shops local mode serves: the ready {@code demo} shop (against the Billmate sandbox and the
 * shop simulator on the same server) and real shops from {@code --shop-config FILE}. Their
 * configurations go into the table; their secrets into a properties file that only the owner
 * can read, by reference, as Secrets Manager holds them in AWS.
 */
public final class LocalShops {
    public static final String DEMO = "demo";
    public static final String DEMO_WEBHOOK_SECRET = "demo-webhook-secret";
    public static final String DEMO_REST_KEY = "ck_demo";
    public static final String DEMO_REST_SECRET = "cs_demo";
    public static final String DEMO_BILLMATE_ID = "1234";
    public static final String DEMO_BILLMATE_SECRET = "1234567890123456";
    /** The demo shop's Klarna API credentials at the Klarna sandbox (username, password). */
    public static final String DEMO_KLARNA_USERNAME = "PK_demo";
    public static final String DEMO_KLARNA_PASSWORD = "demo-klarna-password";
    public static final String DEMO_KLARNA_MERCHANT = "M_demo";
    /** The demo shop's Stripe secret key at the Stripe sandbox. */
    public static final String DEMO_STRIPE_KEY = "sk_test_demo";
    /** The payment methods the demo shop sends to Klarna and to Stripe (its own account is Billmate's, for bco). */
    public static final List<String> DEMO_KLARNA_METHODS = List.of("kco", "klarna_payments");
    public static final String DEMO_STRIPE_METHOD = "stripe";
    /** The demo shop's MaxMind account and licence key at the minFraud sandbox (screening is off until switched on). */
    public static final String DEMO_MINFRAUD_ACCOUNT = "424242";
    public static final String DEMO_MINFRAUD_KEY = "demo-minfraud-licence-key";

    /** One shop: its configuration (references only) and the secret values behind the references. */
    public record Shop(ShopConfig config, Map<String, String> secrets) {}

    private LocalShops() {}

    /** The demo shop for a server at {@code baseUrl} (e.g. http://127.0.0.1:3000). */
    public static Shop demo(URI baseUrl, ShopSettings settings, long version) {
        String base = trimmed(baseUrl);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put(ref(DEMO, "webhookSecret"), DEMO_WEBHOOK_SECRET);
        secrets.put(ref(DEMO, "restKey"), DEMO_REST_KEY);
        secrets.put(ref(DEMO, "restSecret"), DEMO_REST_SECRET);
        secrets.put(ref(DEMO, "billmateSecret"), DEMO_BILLMATE_SECRET);
        secrets.put(ref(DEMO, "klarnaSecret"), DEMO_KLARNA_USERNAME + ":" + DEMO_KLARNA_PASSWORD);
        secrets.put(ref(DEMO, "stripeSecret"), DEMO_STRIPE_KEY);
        secrets.put(ref(DEMO, "minfraudKey"), DEMO_MINFRAUD_KEY);
        ShopConfig config = new ShopConfig(DEMO, base + LocalBackend.WOOCOMMERCE_PATH, ref(DEMO, "webhookSecret"),
                ref(DEMO, "restKey"), ref(DEMO, "restSecret"),
                new ShopConfig.ProviderAccount("billmate", DEMO_BILLMATE_ID, ref(DEMO, "billmateSecret"),
                        base + LocalBackend.BILLMATE_PATH + "/", true),
                withDemoProviders(settings, base), version);
        return new Shop(config, secrets);
    }

    /**
     * {@code settings} with the demo shop's Klarna and Stripe methods routed to accounts at the
     * sandboxes on this server, and its minFraud account at the minFraud sandbox. The sandboxes' URLs change with the port, so a kept data directory
     * gets them afresh at every start.
     */
    static ShopSettings withDemoProviders(ShopSettings settings, String base) {
        ProviderSettings providers = settings.providers();
        ShopConfig.ProviderAccount klarna = new ShopConfig.ProviderAccount("klarna", DEMO_KLARNA_MERCHANT,
                ref(DEMO, "klarnaSecret"), base + LocalBackend.KLARNA_PATH + "/", true);
        ShopConfig.ProviderAccount stripe = new ShopConfig.ProviderAccount("stripe", null, ref(DEMO, "stripeSecret"),
                base + LocalBackend.STRIPE_PATH, true);
        for (String method : DEMO_KLARNA_METHODS) {
            providers = providers.with(method, klarna);
        }
        providers = providers.with(DEMO_STRIPE_METHOD, stripe);
        FraudSettings f = settings.fraud();
        FraudSettings fraud = new FraudSettings(f.enabled(), f.threshold(), f.paymentMethods(), f.status(),
                f.captureUnscreened(), DEMO_MINFRAUD_ACCOUNT, ref(DEMO, "minfraudKey"), base);
        return settings.withProviders(providers).withFraud(fraud);
    }

    /**
     * Real shops from a JSON file:
     * <pre>
     * {"shops": [{"shopId": "myshop", "shopUrl": "https://myshop.example",
     *             "webhookSecret": "...", "restKey": "ck_...", "restSecret": "cs_...",
     *             "restAuth": "auto",
     *             "billmate": {"id": "12345", "secret": "...", "endpoint": "https://api.billmate.se/", "testMode": true},
     *             "settings": {"paymentMethods": ["bco"], "captureStatus": "completed"}}]}
     * </pre>
     */
    public static List<Shop> fromFile(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the shop configuration " + file + ": " + e.getMessage(), e);
        }
        JsonNode shops = root == null ? null : root.get("shops");
        if (shops == null || !shops.isArray() || shops.isEmpty()) {
            throw new IllegalArgumentException(file + " must hold {\"shops\": [{\"shopId\": ..., \"shopUrl\": ..., "
                    + "\"webhookSecret\": ..., \"restKey\": ..., \"restSecret\": ..., \"billmate\": {\"id\": ..., \"secret\": ...}}]}");
        }
        List<Shop> out = new ArrayList<>();
        for (JsonNode shop : shops) {
            String id = required(file, shop, "shopId");
            if (id.equals(DEMO)) {
                throw new IllegalArgumentException(file + ": the shop id 'demo' is local mode's own demo shop; choose another");
            }
            JsonNode billmate = shop.path("billmate");
            Map<String, String> secrets = new LinkedHashMap<>();
            secrets.put(ref(id, "webhookSecret"), required(file, shop, "webhookSecret"));
            secrets.put(ref(id, "restKey"), required(file, shop, "restKey"));
            secrets.put(ref(id, "restSecret"), required(file, shop, "restSecret"));
            secrets.put(ref(id, "billmateSecret"), required(file, billmate, "secret"));
            ShopSettings settings;
            try {
                settings = SettingsChange.apply(ShopSettings.defaults(), shop.path("settings").isObject()
                        ? shop.get("settings") : Json.MAPPER.createObjectNode());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": shop " + id + ": " + e.getMessage(), e);
            }
            RestAuth restAuth;
            try {
                restAuth = RestAuth.parse(shop.path("restAuth").asText(null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": shop " + id + ": " + e.getMessage(), e);
            }
            ShopConfig config = new ShopConfig(id, trimmed(URI.create(required(file, shop, "shopUrl"))),
                    ref(id, "webhookSecret"), ref(id, "restKey"), ref(id, "restSecret"),
                    new ShopConfig.ProviderAccount("billmate", required(file, billmate, "id"), ref(id, "billmateSecret"),
                            billmate.path("endpoint").asText("https://api.billmate.se/"),
                            billmate.path("testMode").asBoolean(true)),
                    settings, 1, restAuth);
            out.add(new Shop(config, secrets));
        }
        return out;
    }

    /**
     * Stores the shop's configuration. A shop already in the table (a kept {@code --data}
     * directory) keeps its settings and gets the new URLs and references with the next version.
     */
    public static ShopConfig save(ShopConfigStore store, Shop shop, boolean keepStoredSettings) {
        ShopConfig wanted = shop.config();
        Optional<ShopConfig> stored = store.read(wanted.shopId());
        ShopSettings settings = keepStoredSettings && stored.isPresent()
                ? stored.get().settings().withProviders(merged(stored.get().settings().providers(), wanted.settings().providers()))
                : wanted.settings();
        ShopConfig config = new ShopConfig(wanted.shopId(), wanted.shopUrl(), wanted.webhookSecretRef(), wanted.restKeyRef(),
                wanted.restSecretRef(), wanted.provider(), settings, stored.map(s -> s.version() + 1).orElse(1L),
                wanted.restAuth());
        store.save(config);
        return config;
    }

    /** The stored routes, with the wanted ones (their accounts' URLs follow this start) replacing theirs. */
    private static ProviderSettings merged(ProviderSettings stored, ProviderSettings wanted) {
        ProviderSettings merged = stored;
        for (Map.Entry<String, ShopConfig.ProviderAccount> route : wanted.methods().entrySet()) {
            merged = merged.with(route.getKey(), route.getValue());
        }
        return merged;
    }

    /** The demo shop, then the shops of each {@code --shop-config} file. */
    public static List<Shop> demoAndFiles(URI baseUrl, ShopSettings demoSettings, List<Path> shopConfigs) {
        List<Shop> all = new ArrayList<>();
        all.add(demo(baseUrl, demoSettings, 1));
        for (Path file : shopConfigs) {
            all.addAll(fromFile(file));
        }
        return all;
    }

    /** Where local mode keeps the shops' secrets: in the data directory, or a temporary file deleted on exit. */
    public static Path secretsFile(Path data) throws java.io.IOException {
        if (data != null) {
            return data.resolve("secrets.properties");
        }
        Path file = java.nio.file.Files.createTempDirectory("orderhook-local").resolve("secrets.properties");
        file.getParent().toFile().deleteOnExit();
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * Writes every shop's secrets to {@code file} (owner read/write only where the file system
     * allows), keeping what the file already holds for other shops ({@code orderhook connect}
     * stores a connected shop's secrets there, and a kept {@code --data} directory has them).
     */
    public static void writeSecrets(Path file, List<Shop> shops) {
        Properties properties = new Properties();
        try {
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file)) {
                    properties.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local secrets file " + file, e);
        }
        shops.forEach(shop -> properties.putAll(shop.secrets()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file stays in the user's own data directory.
            }
            try (var out = Files.newBufferedWriter(file)) {
                properties.store(out, "orderhook local mode: shop secrets by reference (FileSecretResolver). Never commit this file.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local secrets file " + file, e);
        }
    }

    /**
     * What {@code orderhook invoke} without a running stack works on: the table with the demo
     * shop (pointing at a local stack's URL, which may not be running) and its secrets file.
     */
    public static void prepareForInvoke(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, URI localUrl,
            Path secretsFile) {
        io.orderhook.store.TableDefinition.create(dynamo, LocalBackend.TABLE);
        Shop demo = demo(localUrl, ShopSettings.defaults(), 1);
        save(new ShopConfigStore(dynamo, LocalBackend.TABLE), demo, true);
        if (!Files.exists(secretsFile)) {
            writeSecrets(secretsFile, List.of(demo));
        }
    }

    static String ref(String shopId, String name) {
        return "orderhook/shops/" + shopId + "#" + name;
    }

    private static String required(Path file, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": " + field + " is missing"
                    + (node.has("shopId") ? " for shop " + node.get("shopId").asText() : ""));
        }
        return value.asText();
    }

    private static String trimmed(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
