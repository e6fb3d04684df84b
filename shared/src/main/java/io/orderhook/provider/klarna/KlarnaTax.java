package io.orderhook.provider.klarna;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Klarna's tax rule for an order line: {@code total_tax_amount} within one minor unit of
 * {@code total_amount - total_amount * 10000 / (10000 + tax_rate)}, the rate in hundredths of a
 * percent. Every line {@link KlarnaLines} builds keeps it.
 */
final class KlarnaTax {
    private KlarnaTax() {}

    static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    /**
     * Klarna's tax check: the line's tax within one minor unit of
     * {@code total - total * 10000 / (10000 + rate)}. Klarna Payments documents the tolerance;
     * Order Management is taken to apply the same (the stricter of the readings).
     */
    static boolean taxFits(long total, long tax, int basisPoints) {
        return exactTax(total, basisPoints).subtract(BigDecimal.valueOf(tax)).abs().compareTo(BigDecimal.ONE) <= 0;
    }

    static BigDecimal exactTax(long total, int basisPoints) {
        return BigDecimal.valueOf(total).multiply(BigDecimal.valueOf(basisPoints))
                .divide(TEN_THOUSAND.add(BigDecimal.valueOf(basisPoints)), 6, RoundingMode.HALF_UP);
    }

    /** A tax for {@code total} at the rate that Klarna accepts, as near {@code wanted} as the tolerance allows. */
    static long acceptedTax(long total, int basisPoints, long wanted, long lowest, long highest) {
        BigDecimal exact = exactTax(total, basisPoints);
        long lo = exact.subtract(BigDecimal.ONE).setScale(0, RoundingMode.CEILING).longValueExact();
        long hi = exact.add(BigDecimal.ONE).setScale(0, RoundingMode.FLOOR).longValueExact();
        // Within what is left at the rate where the tolerance allows it.
        long narrowLo = Math.max(lo, lowest);
        long narrowHi = Math.min(hi, highest);
        if (narrowLo <= narrowHi) {
            lo = narrowLo;
            hi = narrowHi;
        }
        return Math.max(lo, Math.min(hi, wanted));
    }

    /** 25 % as 2500: Klarna takes rates with two decimals. */
    static int basisPoints(BigDecimal percent, String what) {
        try {
            return percent.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).intValueExact();
        } catch (ArithmeticException e) {
            throw new KlarnaLines.UnmappableOrderException("In " + what + ", the tax rate " + percent.toPlainString()
                    + " % has more than two decimals, which Klarna cannot take.");
        }
    }
}
