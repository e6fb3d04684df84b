package io.orderhook.processing;

import io.orderhook.outbox.OutboxDispatcher;

/**
 * Builds the processor and the outbox dispatcher from the Lambda environment. Completed
 * once the shop configuration store, the Billmate provider and the WooCommerce REST client
 * are on main.
 */
public final class CloudWiring {
    private CloudWiring() {}

    public static CloudWiring fromEnvironment() {
        throw new IllegalStateException("the cloud wiring needs ShopConfigStore, BillmateProvider and WooCommerceRestClient");
    }

    public OrderProcessor orderProcessor() {
        throw new IllegalStateException("not wired");
    }

    public OutboxDispatcher outboxDispatcher() {
        throw new IllegalStateException("not wired");
    }
}
