package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.billmate.BillmateCart.UnmappableOrderException;

/**
 * How one refund is credited, given what is left at each rate: its rows, or per-rate rows; and
 * what it returns at each rate ({@code split}).
 *
 * @param byRows the refund's own rows (each names the order row it refunds), not amounts per rate
 */
record RefundPlan(List<CartRow> rows, TaxSplit split, boolean byRows) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** "refund 7 of order 42", for messages. */
    static String what(Refund refund, OrderSnapshot order) {
        return "refund " + refund.refundId() + " of order " + order.orderId();
    }

    /** The refund planned against {@code left}, what is left to credit at each rate ({@link BillmateCart#forRefund}). */
    static RefundPlan of(OrderRows mapping, Refund refund, TaxSplit left) {
        String what = what(refund, mapping.order);
        if (BillmateCart.isNothingToCredit(refund) || refund.amount() < 0) {
            throw new UnmappableOrderException("Refund " + refund.refundId() + " of order " + mapping.order.orderId()
                    + " is " + Money.format(refund.amount(), 2) + "; there is nothing to credit.");
        }
        if (refund.amount() > left.withTax()) {
            throw new UnmappableOrderException("Refund " + refund.refundId() + " of order " + mapping.order.orderId()
                    + " is " + Money.format(refund.amount(), 2) + " but only " + Money.format(left.withTax(), 2)
                    + " of the order is left to credit.");
        }
        boolean rest = refund.amount() == left.withTax();
        String title = BillmateText.latin1(title(refund), 255);
        Optional<List<CartRow>> rows = mapping.refundRows(refund, what);
        if (rows.isPresent()) {
            TaxSplit rowSplit = splitOf(rows.get());
            if (rowSplit.withTax() == refund.amount()) {
                if (rest && sameNetsAtEveryRate(rowSplit, left)) {
                    // The rest as rows: the rows, with the tax that is left at each rate, and what
                    // the booked cart had at no rate beside them.
                    List<CartRow> restRows = new ArrayList<>(rows.get());
                    restRows.addAll(noRateRows(left.at(BigDecimal.ZERO).net() - rowSplit.at(BigDecimal.ZERO).net(), title));
                    return new RefundPlan(restRows, left, true);
                }
                if (!rest && fitsInto(rowSplit, left)) {
                    return new RefundPlan(rows.get(), rowSplit, true);
                }
            }
        }
        TaxSplit part = rest ? left : splitByWhatIsLeft(refund.amount(), left, mapping);
        List<CartRow> rateRows = new ArrayList<>();
        for (BigDecimal rate : mapping.ratesInOrder(part.byRate().keySet())) {
            TaxSplit.Part atRate = part.at(rate);
            if (rate.signum() == 0) {
                rateRows.addAll(noRateRows(atRate.net(), title));
            } else {
                rateRows.add(CartRow.amount(LineKind.FEE, title, atRate.net(), atRate.tax(), rate));
            }
        }
        return new RefundPlan(rateRows, part, false);
    }

    /** The title of the rows that credit an amount: "Refund", with the merchant's reason when there is one. */
    static String title(Refund refund) {
        return refund.reason().isBlank() ? "Refund" : "Refund: " + refund.reason();
    }

    /**
     * The row that returns {@code net} at rate 0, money the booked cart had at no rate: none when
     * it is negative and within Billmate's rounding ({@link BillmateCart#MAX_ROUNDING}), which
     * {@link CartBuilder#build} then sends as {@code Total.rounding}. That is the usual case, the
     * plugin's {@code Total.tax} an öre below its rows' VAT; a negative row would be a discount,
     * which creditPayment takes only at a standard rate ("i.e. 6%,12%,25%", creditPayment.md), and
     * the rounding is what it was.
     */
    private static List<CartRow> noRateRows(long net, String title) {
        if (net == 0 || (net < 0 && net >= -BillmateCart.MAX_ROUNDING)) {
            return List.of();
        }
        return List.of(CartRow.amount(LineKind.FEE, title, net, 0, BigDecimal.ZERO));
    }

    private static TaxSplit splitOf(List<CartRow> rows) {
        Map<BigDecimal, TaxSplit.Part> parts = new LinkedHashMap<>();
        rows.forEach(row -> parts.merge(row.rate(), new TaxSplit.Part(row.net(), row.tax()), TaxSplit.Part::plus));
        return new TaxSplit(parts);
    }

    /** The same nets at every tax rate; rate 0, money at no rate, may differ ({@link #noRateRows}). */
    private static boolean sameNetsAtEveryRate(TaxSplit a, TaxSplit b) {
        Set<BigDecimal> rates = new LinkedHashSet<>(a.byRate().keySet());
        rates.addAll(b.byRate().keySet());
        return rates.stream().allMatch(rate -> rate.signum() == 0 || a.at(rate).net() == b.at(rate).net());
    }

    private static boolean fitsInto(TaxSplit part, TaxSplit left) {
        return part.byRate().entrySet().stream().allMatch(e -> e.getValue().net() <= left.at(e.getKey()).net()
                && e.getValue().tax() <= left.at(e.getKey()).tax());
    }

    /**
     * An amount divided over the rates in proportion to what is left at each (with tax); each
     * rate's part divided into net and tax at its rate, never more than is left there, and where
     * possible so that Billmate's own tax on the net ({@code net * rate / 100}, rounded) is the tax.
     */
    private static TaxSplit splitByWhatIsLeft(long amount, TaxSplit left, OrderRows mapping) {
        List<BigDecimal> rates = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        for (BigDecimal rate : mapping.ratesInOrder(left.byRate().keySet())) {
            TaxSplit.Part atRate = left.at(rate);
            if (atRate.net() >= 0 && atRate.tax() >= 0 && atRate.withTax() > 0) {
                rates.add(rate);
                weights.add(atRate.withTax());
            }
        }
        long[] shares = ProportionalShares.of(amount, weights);
        if (shares == null) {
            throw new UnmappableOrderException("Order " + mapping.order.orderId()
                    + " has nothing left at any tax rate to credit " + Money.format(amount, 2) + " against.");
        }
        // A share rounded above what is left at its rate gives the öre to the next rate with room.
        for (int i = 0; i < shares.length; i++) {
            long excess = shares[i] - weights.get(i);
            for (int j = 0; excess > 0 && j < shares.length; j++) {
                long room = weights.get(j) - shares[j];
                if (j != i && room > 0) {
                    long moved = Math.min(room, excess);
                    shares[j] += moved;
                    shares[i] -= moved;
                    excess -= moved;
                }
            }
        }
        Map<BigDecimal, TaxSplit.Part> parts = new LinkedHashMap<>();
        for (int i = 0; i < rates.size(); i++) {
            TaxSplit.Part atRate = left.at(rates.get(i));
            parts.put(rates.get(i), netAndTax(shares[i], rates.get(i), atRate.net(), atRate.tax()));
        }
        return new TaxSplit(parts);
    }

    private static TaxSplit.Part netAndTax(long share, BigDecimal rate, long leftNet, long leftTax) {
        long lowestTax = Math.max(0, share - leftNet);
        long highestTax = Math.min(share, leftTax);
        long ideal = BigDecimal.valueOf(share).multiply(HUNDRED).divide(HUNDRED.add(rate), 0, RoundingMode.HALF_UP)
                .longValueExact();
        for (long delta : new long[] {0, -1, 1, -2, 2}) {
            long net = ideal + delta;
            long tax = share - net;
            if (tax >= lowestTax && tax <= highestTax && BillmateCart.vatOf(net, rate) == tax) {
                return new TaxSplit.Part(net, tax);
            }
        }
        long tax = Math.min(highestTax, Math.max(lowestTax, share - ideal));
        return new TaxSplit.Part(share - tax, tax);
    }
}
