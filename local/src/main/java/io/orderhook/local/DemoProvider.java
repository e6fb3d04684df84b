package io.orderhook.local;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.provider.klarna.KlarnaProvider;
import io.orderhook.provider.stripe.StripeProvider;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.billmate.BillmateCheckout;
import io.orderhook.testkit.klarna.KlarnaCheckout;
import io.orderhook.testkit.stripe.StripeCheckout;

/**
 * A payment method of the demo shop, at its sandbox on the local stack: the customer's checkout
 * that reserves the payment, where the shop's payment plugin keeps the payment's number, and the
 * provider's own view of the payment for the timeline.
 */
enum DemoProvider {
    BILLMATE("bco", "Billmate Checkout"),
    KLARNA("kco", "Klarna Checkout"),
    STRIPE("stripe", "Stripe");

    final String paymentMethod;
    final String checkoutName;

    DemoProvider(String paymentMethod, String checkoutName) {
        this.paymentMethod = paymentMethod;
        this.checkoutName = checkoutName;
    }

    /** {@code billmate}, {@code klarna}, {@code stripe}, or {@code all} of them in that order. */
    static Set<DemoProvider> parse(String text) {
        if ("all".equalsIgnoreCase(text)) {
            return EnumSet.allOf(DemoProvider.class);
        }
        try {
            return EnumSet.of(valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--provider takes billmate, klarna, stripe or all, not '" + text + "'");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The customer pays for the order at the provider's sandbox: answers the payment's number. */
    String pay(URI base, JsonNode order) {
        return switch (this) {
            case BILLMATE -> new BillmateCheckout(URI.create(base + LocalBackend.BILLMATE_PATH + "/"),
                    LocalShops.DEMO_BILLMATE_ID, LocalShops.DEMO_BILLMATE_SECRET).pay(order, BillmateCheckout.INVOICE);
            case KLARNA -> new KlarnaCheckout(URI.create(base + LocalBackend.KLARNA_PATH + "/"),
                    LocalShops.DEMO_KLARNA_USERNAME, LocalShops.DEMO_KLARNA_PASSWORD).pay(order);
            case STRIPE -> new StripeCheckout(base + LocalBackend.STRIPE_PATH, LocalShops.DEMO_STRIPE_KEY)
                    .authorize(order.get("id").asText(), WooOrderJson.order(order).total(), order.get("currency").asText());
        };
    }

    /** The shop marks the order paid, keeping the number where the provider's WooCommerce plugin does. */
    Map<String, Object> paid(String number) {
        return switch (this) {
            case BILLMATE -> Map.of("status", "processing", "transaction_id", number);
            case KLARNA -> Map.of("status", "processing", "transaction_id", number,
                    "meta_data", List.of(Map.of("key", "_wc_klarna_order_id", "value", number)));
            case STRIPE -> Map.of("status", "processing",
                    "meta_data", List.of(Map.of("key", "_stripe_intent_id", "value", number)));
        };
    }

    /** The provider's client, to read a payment's status as its back office shows it. */
    PaymentProvider client(URI base) {
        return switch (this) {
            case BILLMATE -> new BillmateProvider(URI.create(base + LocalBackend.BILLMATE_PATH + "/"),
                    LocalShops.DEMO_BILLMATE_ID, LocalShops.DEMO_BILLMATE_SECRET, true, BillmateProvider.httpClient());
            case KLARNA -> new KlarnaProvider(new ShopConfig.ProviderAccount("klarna", LocalShops.DEMO_KLARNA_MERCHANT, null,
                    base + LocalBackend.KLARNA_PATH + "/", true),
                    LocalShops.DEMO_KLARNA_USERNAME + ":" + LocalShops.DEMO_KLARNA_PASSWORD, KlarnaProvider.httpClient());
            case STRIPE -> new StripeProvider(base + LocalBackend.STRIPE_PATH, LocalShops.DEMO_STRIPE_KEY);
        };
    }

    /**
     * The mugs the merchant edits the order to in the update procedure. Billmate's reservation takes
     * a higher total; a card authorisation cannot grow without the card's consent, so Klarna and
     * Stripe show a lower one.
     */
    int editedMugs() {
        return this == BILLMATE ? 3 : 1;
    }
}
