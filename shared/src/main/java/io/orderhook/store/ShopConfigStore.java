package io.orderhook.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.ProviderSettings;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.SweepSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Shop configuration and settings, item {@code SHOP#{shopId}} / {@code CONFIG}.
 *
 * <p>Every webhook needs its shop's configuration, so reads are cached per container for
 * {@link #DEFAULT_CACHE_TTL}: a changed setting takes effect everywhere within a minute, and
 * a burst of webhooks costs one read. Unknown shops are cached too, so a flood of posts to
 * made-up shop ids does not become a flood of reads. Writes through this store refresh the
 * cache of this container at once.
 */
public final class ShopConfigStore {
    public static final String SK_CONFIG = "CONFIG";
    public static final String TYPE = "SHOP";
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
    /**
     * The partition listing every shop id (sort key: the id), so that timer-driven work finds the
     * shops with one query instead of a scan of the whole table.
     */
    public static final String DIRECTORY_PK = "SHOPS";
    public static final String DIRECTORY_TYPE = "SHOP_ID";

    static final String ATTR_TYPE = "type";
    static final String ATTR_SHOP = "shopId";
    static final String ATTR_SHOP_URL = "shopUrl";
    static final String ATTR_WEBHOOK_SECRET_REF = "webhookSecretRef";
    static final String ATTR_REST_KEY_REF = "restKeyRef";
    static final String ATTR_REST_SECRET_REF = "restSecretRef";
    static final String ATTR_PROVIDER = "provider";
    static final String ATTR_SETTINGS = "settings";
    /** The settings' capture map ({@link CaptureSettings}). */
    static final String ATTR_CAPTURE = "capture";
    /** Inside the settings: each payment method's provider account ({@link ProviderSettings}). */
    static final String ATTR_PROVIDERS = "providers";
    static final String ATTR_VERSION = "version";
    /** Absent on items written before shops chose their REST authentication: read as auto. */
    static final String ATTR_REST_AUTH = "restAuth";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<ShopConfig> config, Instant loadedAt) {}

    public ShopConfigStore(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, Clock.systemUTC(), DEFAULT_CACHE_TTL);
    }

    public ShopConfigStore(DynamoDbClient dynamo, String tableName, Clock clock, Duration cacheTtl) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    public static String partitionKey(String shopId) {
        return "SHOP#" + shopId;
    }

    /** The shop's configuration, at most {@code cacheTtl} old. */
    public Optional<ShopConfig> find(String shopId) {
        Instant now = clock.instant();
        Cached cached = cache.get(shopId);
        if (cached != null && now.isBefore(cached.loadedAt().plus(cacheTtl))) {
            return cached.config();
        }
        Optional<ShopConfig> loaded = read(shopId);
        cache.put(shopId, new Cached(loaded, now));
        return loaded;
    }

    /** The shop's configuration as stored now, bypassing the cache. */
    public Optional<ShopConfig> read(String shopId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(key(shopId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromAttributes(item));
    }

    /**
     * Writes the whole configuration as given, version included (provisioning a shop, local
     * mode). Changing the settings of a live shop goes through {@link #updateSettings}.
     */
    public void save(ShopConfig config) {
        // The directory entry first: a shop listed without a configuration is skipped, never the reverse.
        dynamo.putItem(b -> b.tableName(tableName).item(Map.of(
                TableDefinition.PK, AttributeValue.fromS(DIRECTORY_PK),
                TableDefinition.SK, AttributeValue.fromS(config.shopId()),
                ATTR_TYPE, AttributeValue.fromS(DIRECTORY_TYPE))));
        dynamo.putItem(b -> b.tableName(tableName).item(attributes(config)));
        cache.put(config.shopId(), new Cached(Optional.of(config), clock.instant()));
    }

    /** Every shop id saved through {@link #save}, in id order. */
    public List<String> shopIds() {
        List<String> ids = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(tableName).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DIRECTORY_PK))))
                .items().forEach(item -> ids.add(item.get(TableDefinition.SK).s()));
        return ids;
    }

    /** What became of a settings update. */
    public sealed interface SettingsUpdate {
        record Updated(ShopConfig config) implements SettingsUpdate {}
        /** Someone saved the shop since {@code expectedVersion} was read: read again, re-apply, retry. */
        record Conflict(long currentVersion) implements SettingsUpdate {}
        record UnknownShop() implements SettingsUpdate {}
    }

    /**
     * Replaces the settings if the stored item still has {@code expectedVersion}, and increases
     * the version by one. Two admins saving at once cannot silently overwrite each other.
     */
    public SettingsUpdate updateSettings(String shopId, long expectedVersion, ShopSettings settings) {
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName(tableName)
                    .key(key(shopId))
                    .updateExpression("SET #settings = :settings, #version = :next")
                    .conditionExpression("attribute_exists(#pk) AND #version = :expected")
                    .expressionAttributeNames(Map.of(
                            "#pk", TableDefinition.PK, "#settings", ATTR_SETTINGS, "#version", ATTR_VERSION))
                    .expressionAttributeValues(Map.of(
                            ":settings", settingsAttribute(settings),
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion)),
                            ":next", AttributeValue.fromN(Long.toString(expectedVersion + 1))))
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW))
                    .attributes();
            ShopConfig config = fromAttributes(updated);
            cache.put(shopId, new Cached(Optional.of(config), clock.instant()));
            return new SettingsUpdate.Updated(config);
        } catch (ConditionalCheckFailedException stale) {
            Optional<ShopConfig> current = read(shopId);
            cache.put(shopId, new Cached(current, clock.instant()));
            return current.<SettingsUpdate>map(c -> new SettingsUpdate.Conflict(c.version()))
                    .orElseGet(SettingsUpdate.UnknownShop::new);
        }
    }

    private static Map<String, AttributeValue> key(String shopId) {
        return Map.of(
                TableDefinition.PK, AttributeValue.fromS(partitionKey(shopId)),
                TableDefinition.SK, AttributeValue.fromS(SK_CONFIG));
    }

    static Map<String, AttributeValue> attributes(ShopConfig config) {
        Map<String, AttributeValue> item = new HashMap<>(key(config.shopId()));
        item.put(ATTR_TYPE, AttributeValue.fromS(TYPE));
        item.put(ATTR_SHOP, AttributeValue.fromS(config.shopId()));
        putIfPresent(item, ATTR_SHOP_URL, config.shopUrl());
        putIfPresent(item, ATTR_WEBHOOK_SECRET_REF, config.webhookSecretRef());
        putIfPresent(item, ATTR_REST_KEY_REF, config.restKeyRef());
        putIfPresent(item, ATTR_REST_SECRET_REF, config.restSecretRef());
        if (config.provider() != null) {
            item.put(ATTR_PROVIDER, accountAttribute(config.provider()));
        }
        item.put(ATTR_SETTINGS, settingsAttribute(config.settings() == null ? ShopSettings.defaults() : config.settings()));
        item.put(ATTR_VERSION, AttributeValue.fromN(Long.toString(config.version())));
        item.put(ATTR_REST_AUTH, AttributeValue.fromS(config.restAuth().wireName()));
        return item;
    }

    private static AttributeValue settingsAttribute(ShopSettings s) {
        List<AttributeValue> methods = s.paymentMethods().stream().sorted().map(AttributeValue::fromS).toList();
        Map<String, AttributeValue> settings = new HashMap<>();
        settings.put("orderManagementEnabled", AttributeValue.fromBool(s.orderManagementEnabled()));
        settings.put("debugLog", AttributeValue.fromBool(s.debugLog()));
        settings.put("debugLogTtlDays", AttributeValue.fromN(Integer.toString(s.debugLogTtlDays())));
        // A list, not a string set: DynamoDB refuses empty sets, and "no methods" is a valid setting.
        settings.put("paymentMethods", AttributeValue.fromL(methods));
        putIfPresent(settings, "captureStatus", s.captureStatus());
        putIfPresent(settings, "failureStatus", s.failureStatus());
        settings.put("autoUpdate", AttributeValue.fromBool(s.autoUpdate()));
        settings.put("paymentNumberFields", AttributeValue.fromL(s.paymentNumberFields().stream().map(AttributeValue::fromS).toList()));
        settings.put(ATTR_CAPTURE, captureAttribute(s.capture()));
        settings.put(ATTR_PROVIDERS, providersAttribute(s.providers()));
        settings.put(DeclineSettingsAttribute.NAME, DeclineSettingsAttribute.write(s.declines()));
        settings.put("sweep", sweepAttribute(s.sweep()));
        return AttributeValue.fromM(settings);
    }

    /** The capture settings, one map under {@code capture} of the settings. */
    private static AttributeValue captureAttribute(CaptureSettings c) {
        return AttributeValue.fromM(Map.of(
                "trigger", AttributeValue.fromS(c.trigger().wireName()),
                "metaKey", AttributeValue.fromS(c.metaKey()),
                "expiryWarningDays", AttributeValue.fromN(Integer.toString(c.expiryWarningDays())),
                "extendAllowed", AttributeValue.fromBool(c.extendAllowed())));
    }

    /** Missing fields (an item written before capture settings existed) take the defaults. */
    private static CaptureSettings captureFrom(AttributeValue value) {
        CaptureSettings d = CaptureSettings.defaults();
        if (value == null || !value.hasM()) {
            return d;
        }
        Map<String, AttributeValue> m = value.m();
        return new CaptureSettings(
                m.containsKey("trigger") ? CaptureSettings.Trigger.parse(m.get("trigger").s()) : d.trigger(),
                m.containsKey("metaKey") ? m.get("metaKey").s() : d.metaKey(),
                m.containsKey("expiryWarningDays") ? Integer.parseInt(m.get("expiryWarningDays").n()) : d.expiryWarningDays(),
                bool(m, "extendAllowed", d.extendAllowed()));
    }

    /** The payment methods' accounts: a map of method id to the account, as the shop's own provider is kept. */
    private static AttributeValue providersAttribute(ProviderSettings providers) {
        Map<String, AttributeValue> methods = new HashMap<>();
        providers.methods().forEach((method, account) -> methods.put(method, accountAttribute(account)));
        return AttributeValue.fromM(Map.of("methods", AttributeValue.fromM(methods)));
    }

    /** Absent on items written before shops routed payment methods: every method then uses the shop's provider. */
    private static ProviderSettings providersFrom(AttributeValue value) {
        if (value == null || !value.hasM() || !value.m().containsKey("methods") || !value.m().get("methods").hasM()) {
            return ProviderSettings.defaults();
        }
        Map<String, ShopConfig.ProviderAccount> methods = new HashMap<>();
        value.m().get("methods").m().forEach((method, account) -> {
            if (account.hasM()) {
                methods.put(method, accountFrom(account.m()));
            }
        });
        return new ProviderSettings(methods);
    }

    private static AttributeValue accountAttribute(ShopConfig.ProviderAccount p) {
        Map<String, AttributeValue> provider = new HashMap<>();
        putIfPresent(provider, "name", p.name());
        putIfPresent(provider, "accountId", p.accountId());
        putIfPresent(provider, "secretRef", p.secretRef());
        putIfPresent(provider, "endpoint", p.endpoint());
        provider.put("testMode", AttributeValue.fromBool(p.testMode()));
        return AttributeValue.fromM(provider);
    }

    private static ShopConfig.ProviderAccount accountFrom(Map<String, AttributeValue> m) {
        return new ShopConfig.ProviderAccount(text(m, "name"), text(m, "accountId"), text(m, "secretRef"),
                text(m, "endpoint"), bool(m, "testMode", false));
    }

    static ShopConfig fromAttributes(Map<String, AttributeValue> item) {
        AttributeValue p = item.get(ATTR_PROVIDER);
        ShopConfig.ProviderAccount provider = p != null && p.hasM() ? accountFrom(p.m()) : null;
        return new ShopConfig(
                text(item, ATTR_SHOP),
                text(item, ATTR_SHOP_URL),
                text(item, ATTR_WEBHOOK_SECRET_REF),
                text(item, ATTR_REST_KEY_REF),
                text(item, ATTR_REST_SECRET_REF),
                provider,
                settingsFrom(item.get(ATTR_SETTINGS)),
                item.containsKey(ATTR_VERSION) ? Long.parseLong(item.get(ATTR_VERSION).n()) : 0L,
                RestAuth.parse(text(item, ATTR_REST_AUTH)));
    }

    /** Missing fields take the defaults, so settings added later read fine from older items. */
    private static ShopSettings settingsFrom(AttributeValue value) {
        ShopSettings d = ShopSettings.defaults();
        if (value == null || !value.hasM()) {
            return d;
        }
        Map<String, AttributeValue> m = value.m();
        Set<String> methods = d.paymentMethods();
        AttributeValue stored = m.get("paymentMethods");
        if (stored != null && stored.hasL()) {
            List<String> names = new ArrayList<>();
            stored.l().forEach(v -> names.add(v.s()));
            methods = new LinkedHashSet<>(names);
        }
        return new ShopSettings(
                bool(m, "orderManagementEnabled", d.orderManagementEnabled()),
                bool(m, "debugLog", d.debugLog()),
                m.containsKey("debugLogTtlDays") ? Integer.parseInt(m.get("debugLogTtlDays").n()) : d.debugLogTtlDays(),
                methods,
                m.containsKey("captureStatus") ? m.get("captureStatus").s() : d.captureStatus(),
                m.containsKey("failureStatus") ? m.get("failureStatus").s() : d.failureStatus(),
                bool(m, "autoUpdate", d.autoUpdate()),
                m.containsKey("paymentNumberFields") && m.get("paymentNumberFields").hasL()
                        ? m.get("paymentNumberFields").l().stream().map(AttributeValue::s).toList() : d.paymentNumberFields(),
                captureFrom(m.get(ATTR_CAPTURE)),
                providersFrom(m.get(ATTR_PROVIDERS)),
                DeclineSettingsAttribute.read(m.get(DeclineSettingsAttribute.NAME)),
                sweepFrom(m.get("sweep")));
    }

    private static AttributeValue sweepAttribute(SweepSettings s) {
        return AttributeValue.fromM(Map.of(
                "reactivateWebhook", AttributeValue.fromBool(s.reactivateWebhook()),
                "overlapSeconds", AttributeValue.fromN(Integer.toString(s.overlapSeconds())),
                "settleSeconds", AttributeValue.fromN(Integer.toString(s.settleSeconds()))));
    }

    private static SweepSettings sweepFrom(AttributeValue value) {
        SweepSettings d = SweepSettings.defaults();
        if (value == null || !value.hasM()) {
            return d;
        }
        Map<String, AttributeValue> m = value.m();
        return new SweepSettings(bool(m, "reactivateWebhook", d.reactivateWebhook()),
                m.containsKey("overlapSeconds") ? Integer.parseInt(m.get("overlapSeconds").n()) : d.overlapSeconds(),
                m.containsKey("settleSeconds") ? Integer.parseInt(m.get("settleSeconds").n()) : d.settleSeconds());
    }

    private static String text(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    private static boolean bool(Map<String, AttributeValue> m, String name, boolean fallback) {
        AttributeValue v = m.get(name);
        return v == null || v.bool() == null ? fallback : v.bool();
    }

    private static void putIfPresent(Map<String, AttributeValue> m, String name, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(name, AttributeValue.fromS(value));
        }
    }
}
