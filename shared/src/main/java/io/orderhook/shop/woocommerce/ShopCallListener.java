package io.orderhook.shop.woocommerce;

/** Told about every REST call {@link WooCommerceRestClient} makes (the debug log hooks in here). */
@FunctionalInterface
public interface ShopCallListener {
    ShopCallListener NONE = call -> { };

    void onCall(ShopCall call);
}
