package io.orderhook.provider.billmate;

import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderPlugin;
import io.orderhook.shop.ShopConfig;

/** Billmate (Qvickly) in orderhook's provider registry. */
public final class BillmatePlugin implements ProviderPlugin {
    @Override
    public String name() {
        return "billmate";
    }

    @Override
    public PaymentProvider create(ShopConfig.ProviderAccount account, String secret) {
        return new BillmateProvider(account, secret, BillmateProvider.httpClient());
    }
}
