package io.orderhook.provider.klarna;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.klarna.KlarnaLines.UnmappableOrderException;

/**
 * One refund as Klarna lines, with what they return at each rate.
 *
 * @param byRows the lines are the refund's own rows (a refund before capture names them
 *               "Refunded: ..."), not its amount split over the rates
 */
record KlarnaCredit(List<KlarnaLine> lines, TaxSplit split, boolean byRows) {

    /**
     * One refund of the order as lines, given what is left at each rate: its rows when they add up
     * to the refund and fit into what is left at their rates, its amount by rate otherwise.
     *
     * @throws UnmappableOrderException for a refund of nothing, or one larger than what is left
     */
    static KlarnaCredit of(KlarnaOrderLines orderLines, Refund refund, TaxSplit left) {
        OrderSnapshot order = orderLines.order();
        int decimals = Money.decimals(order.currency());
        if (refund.amount() <= 0) {
            throw new UnmappableOrderException("Refund " + refund.refundId() + " of order " + order.orderId() + " is "
                    + Money.format(refund.amount(), decimals) + "; there is nothing to refund.");
        }
        if (refund.amount() > left.withTax()) {
            throw new UnmappableOrderException("Refund " + refund.refundId() + " of order " + order.orderId() + " is "
                    + Money.format(refund.amount(), decimals) + " but only " + Money.format(left.withTax(), decimals)
                    + " of the order is left to refund.");
        }
        Optional<List<KlarnaLine>> rows = refundRows(orderLines, refund);
        if (rows.isPresent()) {
            TaxSplit rowSplit = KlarnaLines.splitOf(rows.get());
            if (rowSplit.withTax() == refund.amount() && fitsInto(rowSplit, left)) {
                return new KlarnaCredit(rows.get(), rowSplit, true);
            }
        }
        return byAmount(order, refund, left);
    }

    /** A refund's rows as lines, when each can be read at one rate. */
    private static Optional<List<KlarnaLine>> refundRows(KlarnaOrderLines orderLines, Refund refund) {
        String what = "refund " + refund.refundId() + " of order " + orderLines.order().orderId();
        List<KlarnaLine> result = new ArrayList<>();
        for (OrderLine line : refund.lines()) {
            if (line.kind() == LineKind.COUPON || (line.total() == 0 && line.totalTax() == 0)) {
                continue;
            }
            try {
                List<KlarnaLine> lines = orderLines.linesOf(line, what);
                if (lines.size() != 1) {
                    return Optional.empty(); // a spread row: refund the amount by rate instead
                }
                result.addAll(lines);
            } catch (UnmappableOrderException e) {
                return Optional.empty(); // a row whose tax fits no rate: refund the amount instead
            }
        }
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    /**
     * The amount divided over the rates in proportion to what is left at each (with tax), one
     * line per rate, each with a tax Klarna accepts and, where the tolerance allows, no more than
     * is left at its rate; the refund of the rest returns the tax that is left.
     */
    private static KlarnaCredit byAmount(OrderSnapshot order, Refund refund, TaxSplit left) {
        List<BigDecimal> rates = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        for (Map.Entry<BigDecimal, TaxSplit.Part> entry : left.byRate().entrySet()) {
            TaxSplit.Part part = entry.getValue();
            if (part.net() >= 0 && part.tax() >= 0 && part.withTax() > 0) {
                rates.add(entry.getKey());
                weights.add(part.withTax());
            }
        }
        String what = "refund " + refund.refundId() + " of order " + order.orderId();
        long[] shares = proportional(refund.amount(), weights);
        if (shares == null) {
            throw new UnmappableOrderException("Order " + order.orderId()
                    + " has nothing left at any tax rate to refund " + refund.amount() + " against.");
        }
        boolean rest = refund.amount() == left.withTax();
        String name = KlarnaLines.text(refund.reason().isBlank() ? "Refund" : "Refund: " + refund.reason());
        List<KlarnaLine> lines = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            if (shares[i] == 0) {
                continue;
            }
            TaxSplit.Part atRate = left.at(rates.get(i));
            int points = KlarnaTax.basisPoints(rates.get(i), what);
            long ideal = KlarnaTax.exactTax(shares[i], points).setScale(0, RoundingMode.HALF_UP).longValueExact();
            long tax = KlarnaTax.acceptedTax(shares[i], points, rest ? atRate.tax() : ideal, shares[i] - atRate.net(),
                    atRate.tax());
            lines.add(new KlarnaLine("physical", "refund", name, 1, shares[i], points, shares[i], 0, tax));
        }
        return new KlarnaCredit(lines, KlarnaLines.splitOf(lines), false);
    }

    private static boolean fitsInto(TaxSplit part, TaxSplit left) {
        return part.byRate().entrySet().stream().allMatch(e -> e.getValue().net() <= left.at(e.getKey()).net()
                && e.getValue().tax() <= left.at(e.getKey()).tax());
    }

    /** Whole-unit shares of {@code amount} in proportion to positive weights (largest remainders); null without weight. */
    private static long[] proportional(long amount, List<Long> weights) {
        long total = weights.stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            return null;
        }
        int n = weights.size();
        long[] shares = new long[n];
        BigInteger[] remainders = new BigInteger[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            BigInteger[] q = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(weights.get(i)))
                    .divideAndRemainder(BigInteger.valueOf(total));
            shares[i] = q[0].longValueExact();
            remainders[i] = q[1];
            given += shares[i];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byRemainder.add(i);
        }
        byRemainder.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed());
        for (int k = 0; given < amount; k = (k + 1) % n) {
            shares[byRemainder.get(k)]++;
            given++;
        }
        return shares;
    }
}
