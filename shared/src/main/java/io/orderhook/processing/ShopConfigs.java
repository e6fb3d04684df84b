package io.orderhook.processing;

import java.util.Optional;

import io.orderhook.shop.ShopConfig;

/** Where the processor finds a shop's configuration (the {@code SHOP#{id}/CONFIG} item in AWS). */
@FunctionalInterface
public interface ShopConfigs {
    Optional<ShopConfig> find(String shopId);
}
