package io.orderhook.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.ProviderSettings;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.SweepSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shop configuration item's attributes, both ways: the shop's references, its provider
 * account and its settings as one map. Missing settings read as their defaults, so settings added
 * later read fine from older items.
 */
final class ShopConfigAttributes {
    private ShopConfigAttributes() {}

    static Map<String, AttributeValue> attributes(ShopConfig config) {
        Map<String, AttributeValue> item = new HashMap<>(ShopConfigStore.key(config.shopId()));
        item.put(ShopConfigStore.ATTR_TYPE, AttributeValue.fromS(ShopConfigStore.TYPE));
        item.put(ShopConfigStore.ATTR_SHOP, AttributeValue.fromS(config.shopId()));
        putIfPresent(item, ShopConfigStore.ATTR_SHOP_URL, config.shopUrl());
        putIfPresent(item, ShopConfigStore.ATTR_WEBHOOK_SECRET_REF, config.webhookSecretRef());
        putIfPresent(item, ShopConfigStore.ATTR_REST_KEY_REF, config.restKeyRef());
        putIfPresent(item, ShopConfigStore.ATTR_REST_SECRET_REF, config.restSecretRef());
        if (config.provider() != null) {
            item.put(ShopConfigStore.ATTR_PROVIDER, accountAttribute(config.provider()));
        }
        item.put(ShopConfigStore.ATTR_SETTINGS, settingsAttribute(config.settings() == null ? ShopSettings.defaults() : config.settings()));
        item.put(ShopConfigStore.ATTR_VERSION, AttributeValue.fromN(Long.toString(config.version())));
        item.put(ShopConfigStore.ATTR_REST_AUTH, AttributeValue.fromS(config.restAuth().wireName()));
        return item;
    }

    static AttributeValue settingsAttribute(ShopSettings s) {
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
        settings.put(ShopConfigStore.ATTR_CAPTURE, captureAttribute(s.capture()));
        settings.put(ShopConfigStore.ATTR_PROVIDERS, providersAttribute(s.providers()));
        settings.put(DeclineSettingsAttribute.NAME, DeclineSettingsAttribute.write(s.declines()));
        settings.put("sweep", sweepAttribute(s.sweep()));
        settings.put(CreditSettingsAttribute.NAME, CreditSettingsAttribute.write(s.credit()));
        settings.put(FraudSettingsAttribute.NAME, FraudSettingsAttribute.write(s.fraud()));
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
        AttributeValue p = item.get(ShopConfigStore.ATTR_PROVIDER);
        ShopConfig.ProviderAccount provider = p != null && p.hasM() ? accountFrom(p.m()) : null;
        return new ShopConfig(
                text(item, ShopConfigStore.ATTR_SHOP),
                text(item, ShopConfigStore.ATTR_SHOP_URL),
                text(item, ShopConfigStore.ATTR_WEBHOOK_SECRET_REF),
                text(item, ShopConfigStore.ATTR_REST_KEY_REF),
                text(item, ShopConfigStore.ATTR_REST_SECRET_REF),
                provider,
                settingsFrom(item.get(ShopConfigStore.ATTR_SETTINGS)),
                item.containsKey(ShopConfigStore.ATTR_VERSION) ? Long.parseLong(item.get(ShopConfigStore.ATTR_VERSION).n()) : 0L,
                RestAuth.parse(text(item, ShopConfigStore.ATTR_REST_AUTH)));
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
                captureFrom(m.get(ShopConfigStore.ATTR_CAPTURE)),
                providersFrom(m.get(ShopConfigStore.ATTR_PROVIDERS)),
                DeclineSettingsAttribute.read(m.get(DeclineSettingsAttribute.NAME)),
                sweepFrom(m.get("sweep")),
                CreditSettingsAttribute.read(m.get(CreditSettingsAttribute.NAME)),
                FraudSettingsAttribute.read(m.get(FraudSettingsAttribute.NAME)));
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
