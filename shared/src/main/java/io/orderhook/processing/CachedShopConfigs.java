package io.orderhook.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.orderhook.shop.ShopConfig;

/**
 * Keeps shop configurations for a short while per container, so that a status change costs
 * no configuration read. A changed setting takes effect within {@code ttl}.
 */
public final class CachedShopConfigs implements ShopConfigs {
    private final ShopConfigs source;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<ShopConfig> config, Instant until) {}

    public CachedShopConfigs(ShopConfigs source, Clock clock, Duration ttl) {
        this.source = source;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Optional<ShopConfig> find(String shopId) {
        Instant now = clock.instant();
        Cached cached = cache.get(shopId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.config();
        }
        Optional<ShopConfig> fresh = source.find(shopId);
        cache.put(shopId, new Cached(fresh, now.plus(ttl)));
        return fresh;
    }
}
