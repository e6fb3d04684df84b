package io.orderhook.testkit.klarna;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the Klarna sandbox remembers of changing calls (reference §2): each merchant's idempotency
 * keys with the first answer's status and body for {@link KlarnaSandbox#IDEMPOTENCY_WINDOW}, and
 * which orders a call is changing right now. Thread-safe.
 */
final class IdempotencyKeys {
    /** The first answer to a key: its status and body, and when it was given. */
    record StoredAnswer(int status, String body, Instant at) {}

    private final Map<String, StoredAnswer> answers = new HashMap<>();
    private final Set<String> busyOrders = new HashSet<>();
    private final Supplier<Instant> clock;
    private final int capacity;

    /** @param capacity how many keys are kept before the expired ones are forgotten (local mode runs for hours) */
    IdempotencyKeys(Supplier<Instant> clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    /** The first answer to this merchant's key, while the window lasts. */
    synchronized Optional<StoredAnswer> replay(String merchant, String key) {
        StoredAnswer stored = answers.get(merchant + "|" + key);
        if (stored == null) {
            return Optional.empty();
        }
        if (!clock.get().isBefore(stored.at().plus(KlarnaSandbox.IDEMPOTENCY_WINDOW))) {
            answers.remove(merchant + "|" + key); // forgotten after 24 h: the key executes again
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    synchronized void remember(String merchant, String key, KlarnaAnswer answer) {
        // Choice: refusals are the first execution's answer as much as successes are.
        Instant now = clock.get();
        Duration window = KlarnaSandbox.IDEMPOTENCY_WINDOW;
        if (answers.size() >= capacity) {
            answers.values().removeIf(stored -> !now.isBefore(stored.at().plus(window)));
        }
        answers.put(merchant + "|" + key, new StoredAnswer(answer.status(), answer.body(), now));
    }

    /** Marks the order as being changed; false when another call already is. */
    synchronized boolean claim(String orderId) {
        return busyOrders.add(orderId);
    }

    synchronized void release(String orderId) {
        busyOrders.remove(orderId);
    }
}
