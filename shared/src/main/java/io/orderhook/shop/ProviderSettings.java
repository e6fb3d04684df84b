package io.orderhook.shop;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which provider account takes each WooCommerce payment method's orders, so that one shop can use
 * Billmate ({@code bco}), Klarna ({@code kco}, {@code klarna_payments}) and Stripe ({@code stripe})
 * side by side. A method not listed here goes to the shop's own {@link ShopConfig#provider()}.
 * The accounts hold references to their secrets, never the secrets themselves.
 *
 * @param methods payment method id → the account whose payments it holds
 */
public record ProviderSettings(Map<String, ShopConfig.ProviderAccount> methods) {

    public ProviderSettings {
        // Sorted, so that the settings read back, compare and print the same way every time.
        methods = methods == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(methods));
    }

    /** No method routed: every order goes to the shop's own provider account. */
    public static ProviderSettings defaults() {
        return new ProviderSettings(Map.of());
    }

    /** The account routed for {@code paymentMethod}, when there is one. */
    public Optional<ShopConfig.ProviderAccount> accountFor(String paymentMethod) {
        return Optional.ofNullable(paymentMethod == null ? null : methods.get(paymentMethod));
    }

    /** These settings with {@code paymentMethod} routed to {@code account}, or unrouted when it is null. */
    public ProviderSettings with(String paymentMethod, ShopConfig.ProviderAccount account) {
        Map<String, ShopConfig.ProviderAccount> changed = new TreeMap<>(methods);
        if (account == null) {
            changed.remove(paymentMethod);
        } else {
            changed.put(paymentMethod, account);
        }
        return new ProviderSettings(changed);
    }
}
