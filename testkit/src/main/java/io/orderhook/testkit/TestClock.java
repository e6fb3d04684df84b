package io.orderhook.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock tests hand to the code under test (always UTC). Three kinds: one that stands still
 * until the test sets or advances it, one that follows the system clock plus what the test
 * advanced it by (jumping ahead in a running stack), and one that moves a step on every reading
 * (a shop whose every change has its own modification second).
 */
public final class TestClock extends Clock {
    private enum Kind { STILL, SYSTEM, TICKING }

    private final Kind kind;
    private final AtomicReference<Instant> now;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final Duration step;

    private TestClock(Kind kind, Instant start, Duration step) {
        this.kind = kind;
        this.now = new AtomicReference<>(start);
        this.step = step;
    }

    /** Stands at {@code start} until {@link #set} or {@link #advance}. */
    public static TestClock at(Instant start) {
        return new TestClock(Kind.STILL, start, Duration.ZERO);
    }

    /** {@link #at(Instant)} from an ISO-8601 instant ("2024-05-02T09:00:00Z"). */
    public static TestClock at(String start) {
        return at(Instant.parse(start));
    }

    /** The system clock, plus whatever {@link #advance} added. */
    public static TestClock followingSystem() {
        return new TestClock(Kind.SYSTEM, null, Duration.ZERO);
    }

    /** Every reading is {@code step} after the one before; the first is {@code start + step}. */
    public static TestClock ticking(Instant start, Duration step) {
        return new TestClock(Kind.TICKING, start, step);
    }

    @Override
    public Instant instant() {
        return switch (kind) {
            case STILL -> now.get();
            case SYSTEM -> Instant.now().plus(offset.get());
            case TICKING -> now.updateAndGet(t -> t.plus(step));
        };
    }

    /** Moves the clock to {@code instant} (not for a clock following the system). */
    public void set(Instant instant) {
        if (kind == Kind.SYSTEM) {
            throw new IllegalStateException("a clock following the system can only be advanced");
        }
        now.set(instant);
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration by) {
        if (kind == Kind.SYSTEM) {
            offset.updateAndGet(o -> o.plus(by));
        } else {
            now.updateAndGet(t -> t.plus(by));
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
