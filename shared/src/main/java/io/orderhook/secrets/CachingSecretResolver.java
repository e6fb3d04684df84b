package io.orderhook.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps resolved secrets for a while per container, so a webhook does not cost a Secrets
 * Manager call, yet a rotated secret takes effect within {@link #DEFAULT_TTL}. Failures are not
 * cached: a secret created after a miss is found on the next call. A value stored through this
 * cache is seen at once here (other containers see it when their copy expires).
 */
public final class CachingSecretResolver implements SecretStore {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final SecretResolver delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String value, Instant loadedAt) {}

    public CachingSecretResolver(SecretResolver delegate) {
        this(delegate, DEFAULT_TTL, Clock.systemUTC());
    }

    public CachingSecretResolver(SecretResolver delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public String resolve(String reference) {
        Instant now = clock.instant();
        Cached cached = cache.get(reference);
        if (cached != null && now.isBefore(cached.loadedAt().plus(ttl))) {
            return cached.value();
        }
        String value = delegate.resolve(reference);
        cache.put(reference, new Cached(value, now));
        return value;
    }

    /** @throws IllegalStateException when the source behind the cache cannot be written (environment variables) */
    @Override
    public void store(String reference, String value) {
        if (!(delegate instanceof SecretStore writable)) {
            throw new IllegalStateException("secrets come from " + delegate.getClass().getSimpleName()
                    + ", which orderhook cannot write; store '" + reference + "' there yourself");
        }
        writable.store(reference, value);
        cache.put(reference, new Cached(value, clock.instant()));
    }
}
