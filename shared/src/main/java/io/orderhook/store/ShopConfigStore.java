package io.orderhook.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.ProviderSettings;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
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
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ShopConfigAttributes.fromAttributes(item));
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
        dynamo.putItem(b -> b.tableName(tableName).item(ShopConfigAttributes.attributes(config)));
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
                            ":settings", ShopConfigAttributes.settingsAttribute(settings),
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion)),
                            ":next", AttributeValue.fromN(Long.toString(expectedVersion + 1))))
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW))
                    .attributes();
            ShopConfig config = ShopConfigAttributes.fromAttributes(updated);
            cache.put(shopId, new Cached(Optional.of(config), clock.instant()));
            return new SettingsUpdate.Updated(config);
        } catch (ConditionalCheckFailedException stale) {
            Optional<ShopConfig> current = read(shopId);
            cache.put(shopId, new Cached(current, clock.instant()));
            return current.<SettingsUpdate>map(c -> new SettingsUpdate.Conflict(c.version()))
                    .orElseGet(SettingsUpdate.UnknownShop::new);
        }
    }

    static Map<String, AttributeValue> key(String shopId) {
        return Map.of(
                TableDefinition.PK, AttributeValue.fromS(partitionKey(shopId)),
                TableDefinition.SK, AttributeValue.fromS(SK_CONFIG));
    }

}
