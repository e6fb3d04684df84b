package io.orderhook.shop;

/** Told about every REST call the shop's REST client makes (the debug log hooks in here). */
@FunctionalInterface
public interface ShopCallListener {
    ShopCallListener NONE = call -> { };

    void onCall(ShopCall call);
}
