package io.orderhook.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.lifecycle.AuthorisationExpiry.Action;
import io.orderhook.shop.CaptureSettings;

/** One row per case of what a lapse asks of an order: the reservation, the time, what was done before, the settings. */
class AuthorisationExpiryTest {
    private static final Instant LAPSE = Instant.parse("2026-12-08T10:00:00Z");
    private static final Instant WARN_FROM = LAPSE.minus(Duration.ofDays(2));

    private static OrderState reserved(String... notices) {
        OrderState s = OrderState.initial("shop", "1").lapsingAt(LAPSE);
        for (String notice : notices) {
            s = s.withNoticeGiven(notice);
        }
        return s;
    }

    private static CaptureSettings capture(boolean extendAllowed) {
        return new CaptureSettings(CaptureSettings.Trigger.STATUS, null, 2, extendAllowed);
    }

    static Stream<Arguments> rows() {
        String warned = AuthorisationExpiry.warnedKey(LAPSE);
        String tried = AuthorisationExpiry.extendTriedKey(LAPSE);
        String handled = AuthorisationExpiry.lapsedKey(LAPSE);
        OrderState captured = reserved().applied(new Step.Activate("a", 100, List.of()), "9");
        OrderState pending = reserved().withPending(new Step.Activate("a", 100, List.of()), WARN_FROM);
        return Stream.of(
                Arguments.of("no lapse known", OrderState.initial("shop", "1"), false, true, WARN_FROM, Action.NONE),
                Arguments.of("a day before the warning day", reserved(), false, true, WARN_FROM.minus(Duration.ofDays(1)), Action.NONE),
                Arguments.of("a second before the warning time", reserved(), false, true, WARN_FROM.minusSeconds(1), Action.NONE),
                Arguments.of("the warning time", reserved(), false, true, WARN_FROM, Action.WARN),
                Arguments.of("warned already", reserved(warned), false, true, WARN_FROM.plusSeconds(3600), Action.NONE),
                Arguments.of("extension allowed and possible", reserved(), true, true, WARN_FROM, Action.EXTEND),
                Arguments.of("extension allowed, provider cannot", reserved(), true, false, WARN_FROM, Action.WARN),
                Arguments.of("extension possible, shop does not allow", reserved(), false, true, WARN_FROM, Action.WARN),
                Arguments.of("extension tried (refused): warn", reserved(tried), true, true, WARN_FROM, Action.WARN),
                Arguments.of("the lapse", reserved(warned), false, true, LAPSE, Action.LAPSE),
                Arguments.of("lapsed without a warning", reserved(), true, true, LAPSE.plusSeconds(60), Action.LAPSE),
                Arguments.of("the lapse handled already", reserved(warned, handled), false, true, LAPSE.plusSeconds(60), Action.NONE),
                Arguments.of("captured before the warning time", captured, false, true, WARN_FROM, Action.NONE),
                Arguments.of("captured, after the lapse", captured, false, true, LAPSE.plusSeconds(60), Action.NONE),
                Arguments.of("cancelled", reserved().applied(new Step.Cancel("c"), "9"), false, true, LAPSE, Action.NONE),
                Arguments.of("a step pending", pending, false, true, LAPSE, Action.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theLapseAsksForWhatTheRowSays(String name, OrderState state, boolean extendAllowed, boolean canExtend, Instant now,
            Action expected) {
        assertEquals(expected, AuthorisationExpiry.decide(state, capture(extendAllowed), () -> canExtend, now), name);
    }
}
