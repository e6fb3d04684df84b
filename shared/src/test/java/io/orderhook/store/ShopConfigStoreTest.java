package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.orderhook.shop.ProviderSettings;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.testkit.TestClock;
import io.orderhook.testkit.TestDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ShopConfigStoreTest {
    private final TestDynamo testDynamo = TestDynamo.get();
    private final DynamoDbClient dynamo = testDynamo.client();
    private final String table = testDynamo.newTable("shops", TableDefinition::create);
    private final TestClock clock = TestClock.at("2024-05-02T09:00:00Z");
    private final ShopConfigStore store = new ShopConfigStore(dynamo, table, clock, Duration.ofSeconds(60));

    private static ShopConfig demo(ShopSettings settings, long version) {
        return new ShopConfig("demo", "https://demo-shop.example", "orderhook/shops/demo#webhookSecret",
                "orderhook/shops/demo#restKey", "orderhook/shops/demo#restSecret",
                new ShopConfig.ProviderAccount("billmate", "12345", "orderhook/shops/demo#billmate",
                        "https://api.billmate.se/", true),
                settings, version);
    }

    @Test
    void aSavedConfigurationReadsBackFieldForFieldUnderShopAndConfig() {
        ShopSettings settings = new ShopSettings(false, true, 7, Set.of("bco", "billmate_invoice"), "shipped", "on-hold", false);
        store.save(demo(settings, 3));

        assertEquals(Optional.of(demo(settings, 3)), new ShopConfigStore(dynamo, table).read("demo"));
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("SHOP#demo"), "SK", AttributeValue.fromS("CONFIG")))).item();
        assertEquals("3", item.get("version").n());
        assertEquals("shipped", item.get("settings").m().get("captureStatus").s());
    }

    @Test
    void eachPaymentMethodsProviderAccountIsKeptWithTheSettingsAndChangedWithThem() {
        ShopSettings routed = ShopSettings.defaults().withProviders(ProviderSettings.defaults()
                .with("kco", new ShopConfig.ProviderAccount("klarna", "M1", "orderhook/shops/demo#klarna", "eu", true))
                .with("stripe", new ShopConfig.ProviderAccount("stripe", null, "orderhook/shops/demo#stripe", null, false)));
        store.save(demo(ShopSettings.defaults(), 1));
        store.updateSettings("demo", 1, routed);

        ShopSettings read = new ShopConfigStore(dynamo, table).read("demo").orElseThrow().settings();
        assertEquals(routed, read);
        assertEquals("klarna", read.providers().accountFor("kco").orElseThrow().name());
        assertEquals(Optional.empty(), read.providers().accountFor("bco"), "bco stays with the shop's own account");
    }

    @Test
    void settingsStoredBeforePaymentMethodsHadAccountsReadWithNone() {
        store.save(demo(ShopSettings.defaults(), 1));
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("PK", AttributeValue.fromS("SHOP#demo"),
                "SK", AttributeValue.fromS("CONFIG"))).updateExpression("REMOVE #s.#p")
                .expressionAttributeNames(Map.of("#s", "settings", "#p", "providers")));

        assertEquals(ProviderSettings.defaults(), new ShopConfigStore(dynamo, table).read("demo").orElseThrow().settings().providers());
    }

    @Test
    void anEmptyListOfPaymentMethodsIsKept() {
        ShopSettings none = new ShopSettings(true, false, 14, Set.of(), "completed", "on-hold", true);
        store.save(demo(none, 1));
        assertEquals(Set.of(), store.read("demo").orElseThrow().settings().paymentMethods());
    }

    @Test
    void aChangeMadeElsewhereIsSeenWithinAMinute() {
        store.save(demo(ShopSettings.defaults(), 1));
        assertEquals(1, store.find("demo").orElseThrow().version());

        // Another container (an admin tool) changes the settings.
        ShopConfigStore elsewhere = new ShopConfigStore(dynamo, table);
        ShopSettings debugOn = new ShopSettings(true, true, 14, Set.of("bco"), "completed", "on-hold", true);
        elsewhere.updateSettings("demo", 1, debugOn);

        clock.advance(Duration.ofSeconds(59));
        assertEquals(1, store.find("demo").orElseThrow().version(), "cached for up to a minute");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(2, store.find("demo").orElseThrow().version());
        assertTrue(store.find("demo").orElseThrow().settings().debugLog());
    }

    @Test
    void anUnknownShopIsEmptyAndAShopCreatedLaterIsFoundAfterTheCacheExpires() {
        assertEquals(Optional.empty(), store.find("later"));
        new ShopConfigStore(dynamo, table).save(new ShopConfig("later", null, "ref", null, null, null,
                ShopSettings.defaults(), 1));
        assertEquals(Optional.empty(), store.find("later"));
        clock.advance(Duration.ofSeconds(61));
        assertEquals("later", store.find("later").orElseThrow().shopId());
    }

    @Test
    void updatingSettingsFromAStaleVersionIsAConflictAndChangesNothing() {
        store.save(demo(ShopSettings.defaults(), 4));
        ShopSettings first = new ShopSettings(true, true, 14, Set.of("bco"), "completed", "on-hold", true);
        ShopSettings second = new ShopSettings(false, false, 14, Set.of("bco"), "shipped", "on-hold", true);

        var updated = assertInstanceOf(ShopConfigStore.SettingsUpdate.Updated.class, store.updateSettings("demo", 4, first));
        assertEquals(5, updated.config().version());
        var conflict = assertInstanceOf(ShopConfigStore.SettingsUpdate.Conflict.class, store.updateSettings("demo", 4, second));
        assertEquals(5, conflict.currentVersion());

        ShopConfig stored = store.read("demo").orElseThrow();
        assertEquals(first, stored.settings());
        assertEquals(5, stored.version());
        assertEquals("https://demo-shop.example", stored.shopUrl(), "the rest of the configuration is untouched");
        assertInstanceOf(ShopConfigStore.SettingsUpdate.UnknownShop.class, store.updateSettings("nobody", 1, first));
    }
}
