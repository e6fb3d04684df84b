package io.orderhook.provider.stripe;

import java.util.List;

import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderPlugin;
import io.orderhook.shop.ShopConfig;

/**
 * Stripe in orderhook's provider registry: {@code provider.name = "stripe"}, the account's secret is
 * the Stripe secret key ({@code sk_live_…}, {@code sk_test_…} or a restricted {@code rk_…} with
 * write access to PaymentIntents and Refunds), its endpoint the API base (Stripe's own when empty).
 */
public final class StripePlugin implements ProviderPlugin {
    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public PaymentProvider create(ShopConfig.ProviderAccount account, String secret) {
        return new StripeProvider(account, secret);
    }

    @Override
    public List<String> paymentNumberFields() {
        return StripeProvider.PAYMENT_NUMBER_FIELDS;
    }
}
