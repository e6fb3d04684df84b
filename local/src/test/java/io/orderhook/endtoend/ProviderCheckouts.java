package io.orderhook.endtoend;

import java.net.URI;

import io.orderhook.local.LocalBackend;
import io.orderhook.local.LocalShops;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.testkit.klarna.KlarnaCheckout;
import io.orderhook.testkit.stripe.StripeCheckout;
import io.orderhook.testkit.woocommerce.NewOrder;

/**
 * The demo shop's customers paying with Klarna ({@code kco}) or Stripe ({@code stripe}) at the
 * sandboxes, and the shop's payment plugins keeping the payment's id where they do: Klarna's in
 * {@code transaction_id} and {@code _wc_klarna_order_id}, Stripe's PaymentIntent in
 * {@code _stripe_intent_id}. Answers {order id, payment number}.
 */
final class ProviderCheckouts {
    private final EndToEnd e2e;

    ProviderCheckouts(EndToEnd e2e) {
        this.e2e = e2e;
    }

    String[] klarna(long mugs) {
        String orderId = placed("kco", mugs);
        KlarnaCheckout checkout = new KlarnaCheckout(URI.create(e2e.backend.baseUrl() + LocalBackend.KLARNA_PATH + "/"),
                LocalShops.DEMO_KLARNA_USERNAME, LocalShops.DEMO_KLARNA_PASSWORD);
        String klarnaOrder = checkout.pay(e2e.shop.order(orderId));
        e2e.shop.updateOrder(orderId, "{\"status\":\"processing\",\"transaction_id\":\"" + klarnaOrder + "\","
                + "\"meta_data\":[{\"key\":\"_wc_klarna_order_id\",\"value\":\"" + klarnaOrder + "\"}]}");
        e2e.settle();
        return new String[] {orderId, klarnaOrder};
    }

    String[] stripe(long mugs) {
        String orderId = placed("stripe", mugs);
        StripeCheckout checkout = new StripeCheckout(e2e.backend.baseUrl() + LocalBackend.STRIPE_PATH, LocalShops.DEMO_STRIPE_KEY);
        long total = WooOrderJson.order(e2e.shop.order(orderId)).total();
        String intent = checkout.authorize(orderId, total, "SEK");
        e2e.shop.updateOrder(orderId, "{\"status\":\"processing\","
                + "\"meta_data\":[{\"key\":\"_stripe_intent_id\",\"value\":\"" + intent + "\"}]}");
        e2e.settle();
        return new String[] {orderId, intent};
    }

    private String placed(String method, long mugs) {
        return e2e.shop.createOrder(NewOrder.paidWith(method).status("pending")
                .product("MUG", "Mug", mugs, "100.00").product("CUP", "Cup", 1, "80.00")
                .shipping("Postnord", "49.00").billing("email", "anna.andersson@example.com")
                .billing("first_name", "Anna").billing("last_name", "Andersson").billing("country", "SE"));
    }
}
