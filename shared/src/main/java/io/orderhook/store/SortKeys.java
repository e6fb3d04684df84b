package io.orderhook.store;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** {@code PREFIX#{ts}#{seq}}: time-ordered sort keys that stay unique within one millisecond. */
final class SortKeys {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private SortKeys() {}

    static String next(String prefix, Instant at) {
        return prefix + MILLIS.format(at) + "#" + String.format("%06d", SEQUENCE.getAndIncrement() % 1_000_000);
    }

    /** Fixed-width so that string order is time order (for the outbox index). */
    static String time(Instant at) {
        return MILLIS.format(at);
    }
}
