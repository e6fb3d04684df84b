package io.orderhook.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.orderhook.provider.billmate.BillmatePlugin;
import io.orderhook.provider.klarna.KlarnaPlugin;
import io.orderhook.provider.stripe.StripePlugin;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;

/** The providers orderhook knows, by the name a shop's configuration gives. */
public final class ProviderRegistry {
    private final Map<String, ProviderPlugin> plugins = new LinkedHashMap<>();

    public ProviderRegistry(List<ProviderPlugin> plugins) {
        plugins.forEach(p -> this.plugins.put(p.name().toLowerCase(Locale.ROOT), p));
    }

    /** Every provider orderhook ships: one line each. */
    public static ProviderRegistry standard() {
        return new ProviderRegistry(List.of(
                new BillmatePlugin(),
                new KlarnaPlugin(),
                new StripePlugin()));
    }

    public Set<String> names() {
        return plugins.keySet();
    }

    public boolean knows(String name) {
        return name != null && plugins.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Where the provider's plugins keep the payment number; Billmate's places for a name orderhook does not know. */
    public List<String> paymentNumberFields(String name) {
        ProviderPlugin plugin = name == null ? null : plugins.get(name.toLowerCase(Locale.ROOT));
        return plugin == null ? ShopSettings.DEFAULT_PAYMENT_NUMBER_FIELDS : plugin.paymentNumberFields();
    }

    /** @throws IllegalStateException for a provider orderhook does not know, naming the ones it does */
    public PaymentProvider create(String shopId, ShopConfig.ProviderAccount account, String secret) {
        ProviderPlugin plugin = account == null || account.name() == null ? null
                : plugins.get(account.name().toLowerCase(Locale.ROOT));
        if (plugin == null) {
            throw new IllegalStateException("shop " + shopId + " names provider '" + (account == null ? null : account.name())
                    + "'; orderhook knows " + names());
        }
        return plugin.create(account, secret);
    }
}
