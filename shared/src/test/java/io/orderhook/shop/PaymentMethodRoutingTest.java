package io.orderhook.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.orderhook.provider.ProviderRegistry;
import io.orderhook.provider.klarna.KlarnaPlugin;
import io.orderhook.provider.stripe.StripeProvider;

/** One shop, three providers: which account and which payment-number places an order's method gets. */
class PaymentMethodRoutingTest {
    private static final ShopConfig.ProviderAccount BILLMATE =
            new ShopConfig.ProviderAccount("billmate", "1234", "shop#billmate", "https://api.billmate.se/", false);
    private static final ShopConfig.ProviderAccount KLARNA =
            new ShopConfig.ProviderAccount("klarna", "M1", "shop#klarna", "eu", false);
    private static final ShopConfig.ProviderAccount STRIPE =
            new ShopConfig.ProviderAccount("stripe", null, "shop#stripe", null, false);

    private final ProviderRegistry registry = ProviderRegistry.standard();
    private final ShopConfig shop = new ShopConfig("shop", "https://shop.example", "w", "k", "s", BILLMATE,
            ShopSettings.defaults().withPaymentNumberFields(List.of("_billmate_transaction_id"))
                    .withProviders(ProviderSettings.defaults().with("kco", KLARNA).with("klarna_payments", KLARNA)
                            .with("stripe", STRIPE)), 4);

    @Test
    void aMethodWithoutAnAccountOfItsOwnKeepsTheShopsAccountAndSettings() {
        assertSame(shop, shop.forPaymentMethod("bco", registry::paymentNumberFields));
        assertSame(shop, shop.forPaymentMethod("cod", registry::paymentNumberFields));
    }

    @Test
    void klarnasMethodsGoToTheKlarnaAccountAndReadTheKlarnaOrderIdWhereKlarnasPluginsKeepIt() {
        for (String method : List.of("kco", "klarna_payments")) {
            ShopConfig routed = shop.forPaymentMethod(method, registry::paymentNumberFields);
            assertEquals(KLARNA, routed.provider());
            assertEquals(KlarnaPlugin.PAYMENT_NUMBER_FIELDS, routed.settings().paymentNumberFields());
            assertEquals(Set.of("bco", method), routed.settings().paymentMethods(), "a routed method is managed");
            assertEquals(shop.version(), routed.version());
        }
    }

    @Test
    void stripeGoesToTheStripeAccountAndReadsThePaymentIntentFromItsMeta() {
        ShopConfig routed = shop.forPaymentMethod("stripe", registry::paymentNumberFields);
        assertEquals(STRIPE, routed.provider());
        assertEquals(StripeProvider.PAYMENT_NUMBER_FIELDS, routed.settings().paymentNumberFields());
        assertEquals(shop.settings().captureStatus(), routed.settings().captureStatus());
    }
}
