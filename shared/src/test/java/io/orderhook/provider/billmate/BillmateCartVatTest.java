package io.orderhook.provider.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Billmate books VAT per row ({@link BillmateCart#vatOf}); VAT adjustment rows move a rate's VAT by
 * whole öre without changing its net ({@link VatAdjustment#vatAdjusted}).
 */
class BillmateCartVatTest {

    private static final BigDecimal P25 = new BigDecimal("25");

    @Test
    void aRowsVatIsItsNetTimesTheRateInWholeOreHalfAwayFromZero() {
        assertEquals(617, BillmateCart.vatOf(2468, P25), "Get-payment-info.md");
        assertEquals(44714, BillmateCart.vatOf(178857, P25), "Get-payment-info.md: 44714.25");
        assertEquals(1, BillmateCart.vatOf(2, P25));
        assertEquals(-1, BillmateCart.vatOf(-2, P25));
        assertEquals(0, BillmateCart.vatOf(1, P25));
        assertEquals(1, BillmateCart.vatOf(7, new BigDecimal("7.7")), "0.539");
    }

    /** Amounts from -0.60 to 2.00 one öre apart, then to 30.00 in steps of 0.13. */
    private static LongStream amounts() {
        return LongStream.concat(LongStream.rangeClosed(-60, 200), LongStream.iterate(201, n -> n <= 3000, n -> n + 13));
    }

    static Stream<Arguments> ratesAndOre() {
        return Stream.of("25", "12", "6").flatMap(rate -> Stream.of(-3L, -2L, -1L, 1L, 2L, 3L)
                .map(ore -> Arguments.of(new BigDecimal(rate), ore)));
    }

    @ParameterizedTest(name = "{0} %, {1} öre")
    @MethodSource("ratesAndOre")
    void everyAmountsVatCanBeMovedByWholeOreWithoutChangingItsNet(BigDecimal rate, long ore) {
        amounts().forEach(amount -> {
            String what = amount + " at " + rate + " % moved by " + ore;
            List<Long> nets = VatAdjustment.vatAdjusted(amount, rate, ore, true).orElseThrow(() -> new AssertionError(what));
            assertEquals(amount, nets.stream().mapToLong(Long::longValue).sum(), what);
            assertEquals(BillmateCart.vatOf(amount, rate) + ore, nets.stream().mapToLong(n -> BillmateCart.vatOf(n, rate)).sum(),
                    what);
        });
    }

    @ParameterizedTest(name = "{0} %")
    @MethodSource("rates")
    void anAmountFromThirtyOreIsMovedAnOreEitherWayWithRowsOfItsOwnSign(String percent) {
        BigDecimal rate = new BigDecimal(percent);
        boolean whole = rate.stripTrailingZeros().scale() <= 0;
        amounts().filter(amount -> Math.abs(amount) >= 30).forEach(amount -> {
            for (long ore : new long[] {-1, 1}) {
                String what = amount + " at " + rate + " % moved by " + ore;
                Optional<List<Long>> nets = VatAdjustment.vatAdjusted(amount, rate, ore, whole);
                assertTrue(nets.isPresent(), what);
                assertTrue(nets.get().stream().allMatch(n -> n == 0 || Long.signum(n) == Long.signum(amount)), what + ": " + nets);
            }
        });
    }

    static Stream<String> rates() {
        return Stream.of("25", "12", "6", "7.7", "12.6");
    }
}
