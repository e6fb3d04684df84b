package io.orderhook.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.credit.CreditDecision.Reason;

/** The credit check's rules, one row per case: on hold, balance + open orders + this order against the limit. */
class CreditDecisionTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("room to spare", 100_000, 20_000, 30_000, 10_000, false, List.of()),
                Arguments.of("exactly the limit passes", 100_000, 20_000, 30_000, 50_000, false, List.of()),
                Arguments.of("one cent over fails", 100_000, 20_000, 30_000, 50_001, false, List.of(Reason.OVER_LIMIT)),
                Arguments.of("open orders count", 100_000, 0, 95_000, 10_000, false, List.of(Reason.OVER_LIMIT)),
                Arguments.of("on hold fails with room", 100_000, 0, 0, 10_000, true, List.of(Reason.ON_HOLD)),
                Arguments.of("both reasons", 100_000, 99_000, 0, 10_000, true, List.of(Reason.ON_HOLD, Reason.OVER_LIMIT)),
                Arguments.of("a credit balance adds room", 100_000, -20_000, 0, 115_000, false, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theVerdict(String name, long limit, long balance, long exposure, long order, boolean onHold, List<Reason> reasons) {
        CreditDecision d = CreditDecision.of(new CreditAccounts.Account("book", "", limit, balance, onHold, "GBP"), exposure, order);
        assertEquals(reasons, d.reasons());
        assertEquals(reasons.isEmpty(), d.passed());
        assertEquals(limit - balance - exposure, d.figures().available());
    }

    @org.junit.jupiter.api.Test
    void noAccountFailsWithoutFigures() {
        CreditDecision d = CreditDecision.noAccount();
        assertEquals(List.of(Reason.NO_ACCOUNT), d.reasons());
        assertEquals(null, d.figures());
    }
}
