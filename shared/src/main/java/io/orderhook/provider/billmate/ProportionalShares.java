package io.orderhook.provider.billmate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An amount divided in whole öre in proportion to weights, as a spread line's parts and a credit's shares per rate are. */
final class ProportionalShares {
    private ProportionalShares() {}

    /** Whole-öre shares of {@code amount} in proportion to positive weights (largest remainders); null without weight. */
    static long[] of(long amount, List<Long> weights) {
        long total = weights.stream().mapToLong(Long::longValue).sum();
        if (total <= 0 || weights.stream().anyMatch(w -> w < 0)) {
            return null;
        }
        long sign = Long.signum(amount);
        BigInteger size = BigInteger.valueOf(Math.abs(amount));
        int n = weights.size();
        long[] shares = new long[n];
        BigInteger[] remainders = new BigInteger[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            BigInteger[] division = size.multiply(BigInteger.valueOf(weights.get(i))).divideAndRemainder(BigInteger.valueOf(total));
            shares[i] = division[0].longValueExact();
            remainders[i] = division[1];
            given += shares[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed().thenComparing(i -> i));
        for (int k = 0; given < Math.abs(amount); k = (k + 1) % n) {
            shares[order.get(k)]++;
            given++;
        }
        for (int i = 0; i < n; i++) {
            shares[i] *= sign;
        }
        return shares;
    }
}
