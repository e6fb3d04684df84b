package io.orderhook.provider.billmate;

import static io.orderhook.provider.billmate.BillmateCart.vatOf;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.TaxSplit;

/**
 * Billmate books VAT per row ({@link BillmateCart#vatOf}), so where the rows' own VAT at a rate
 * would miss the tax the cart must move there by an öre or two, small "VAT adjustment" rows of
 * that rate carry the difference.
 */
final class VatAdjustment {
    private VatAdjustment() {}

    private static final String TITLE = "VAT adjustment";

    /** The most VAT adjustment rows taken out at once, and the largest amount searched for each count of them. */
    private static final long[] LARGEST_ADJUSTMENT = {0, 200, 60, 25, 12};

    /** How many times adjustment rows are taken out for one rate before orderhook gives up on its exact VAT. */
    private static final int MOST_ADJUSTMENT_STEPS = 12;

    /**
     * The rows, arranged so that Billmate's VAT of each row ({@link BillmateCart#vatOf}) adds up,
     * at every rate, to the tax {@code intended} moves there. Where it would not (the shop rounds
     * its tax per line, at subtotal or from prices with tax; earlier credits left a rate's net and
     * tax apart), small rows of that rate titled "VAT adjustment" carry the difference, in whole
     * öre, quantity 1:
     * <ul>
     * <li>taken out of orderhook's own amount row at that rate when there is one (a credit's
     *     "Refund" row), so the rate's net stays what it was;</li>
     * <li>otherwise as adjustment rows whose nets add up to 0, the negative ones last: the shop's
     *     lines are sent as the shop has them.</li>
     * </ul>
     * Rows of the amount's own sign come first; a negative row only where nothing else reaches the
     * tax, and only at a whole rate (creditPayment takes discount rows at the account's standard
     * rates). Each row's VAT is within half an öre of its exact tax, so the cart stays within 9114.
     * A rate that no adjustment reaches keeps its rows, and {@link BillmateCart#split()} tells what
     * Billmate books there.
     */
    static List<CartRow> withExactVat(List<CartRow> rows, TaxSplit intended) {
        List<CartRow> result = new ArrayList<>(rows);
        Set<BigDecimal> rates = new LinkedHashSet<>();
        rows.forEach(row -> rates.add(row.rate()));
        rates.addAll(intended.byRate().keySet());
        for (BigDecimal rate : rates) {
            long booked = 0;
            CartRow base = null;
            for (CartRow row : result) {
                if (row.rate().compareTo(rate) != 0) {
                    continue;
                }
                booked += vatOf(row.net(), rate);
                if (row.ours() && (base == null || Math.abs(row.net()) > Math.abs(base.net()))) {
                    base = row;
                }
            }
            long missing = intended.at(rate).tax() - booked;
            if (missing == 0 || rate.signum() == 0) {
                continue;
            }
            boolean wholeRate = rate.stripTrailingZeros().scale() <= 0;
            Optional<List<Long>> nets = vatAdjusted(base == null ? 0 : base.net(), rate, missing, wholeRate);
            if (nets.isEmpty()) {
                continue;
            }
            List<CartRow> adjustmentRows = new ArrayList<>();
            for (long net : nets.get().subList(1, nets.get().size())) {
                adjustmentRows.add(adjustmentRow(net, rate));
            }
            long rest = nets.get().get(0);
            if (base == null) {
                // Adjustment rows only, adding up to 0: the negative ones last.
                if (rest != 0) {
                    adjustmentRows.add(adjustmentRow(rest, rate));
                }
                adjustmentRows.sort(Comparator.comparing(row -> row.net() < 0));
                result.addAll(adjustmentRows);
                continue;
            }
            int at = result.indexOf(base);
            result.remove(at);
            if (rest != 0) {
                result.add(at++, base.withNet(rest, vatOf(rest, rate)));
            }
            result.addAll(at, adjustmentRows);
        }
        return result;
    }

    private static CartRow adjustmentRow(long net, BigDecimal rate) {
        return CartRow.amount(LineKind.FEE, "vat", TITLE, net, vatOf(net, rate), rate);
    }

    /**
     * The nets of the rows that replace one row of {@code base} at {@code rate} so that their VAT is
     * {@code missing} öre more than the row's: first what is left of the row (0 when nothing is),
     * then the adjustment rows. Taken out a few öre at a time ({@link #adjustments}); empty when
     * no adjustment reaches it.
     */
    static Optional<List<Long>> vatAdjusted(long base, BigDecimal rate, long missing, boolean negativeRows) {
        List<Long> nets = new ArrayList<>(List.of(base));
        long vat = vatOf(base, rate) + missing;
        for (int step = 0; step < MOST_ADJUSTMENT_STEPS; step++) {
            long booked = nets.stream().mapToLong(net -> vatOf(net, rate)).sum();
            if (booked == vat) {
                return Optional.of(nets);
            }
            int largest = 0;
            for (int i = 1; i < nets.size(); i++) {
                if (Math.abs(nets.get(i)) > Math.abs(nets.get(largest))) {
                    largest = i;
                }
            }
            long from = nets.get(largest);
            Optional<long[]> pieces = adjustments(from, rate, vat - booked, negativeRows);
            if (pieces.isEmpty()) {
                pieces = adjustments(from, rate, Long.signum(vat - booked), negativeRows);
            }
            if (pieces.isEmpty()) {
                return Optional.empty();
            }
            for (long piece : pieces.get()) {
                from -= piece;
                nets.add(piece);
            }
            nets.set(largest, from);
        }
        return Optional.empty();
    }

    /**
     * The nets of VAT adjustment rows to take out of a row of {@code base} at {@code rate} so that
     * the rows' VAT there changes by {@code missing} öre: the fewest rows, of the base's sign
     * (leaving the base row that sign) before any mix of signs (only with {@code negativeRows});
     * among as many rows, those whose VAT is no half öre (so it holds however a tie is rounded),
     * then the smallest amounts. Empty when none of up to four rows reaches it.
     */
    static Optional<long[]> adjustments(long base, BigDecimal rate, long missing, boolean negativeRows) {
        RowVat vatAt = RowVat.at(rate);
        long sign = base < 0 ? -1 : 1;
        long vat = vatAt.of(base) + missing;
        for (boolean mixed : new boolean[] {false, true}) {
            if (mixed && !negativeRows) {
                break;
            }
            for (int count = 1; count < LARGEST_ADJUSTMENT.length; count++) {
                Pieces best = null;
                for (long pieceSign : mixed ? new long[] {sign, -sign} : new long[] {sign}) {
                    best = Pieces.better(best, Pieces.search(base, vatAt, vat, pieceSign, mixed, new long[count], 0, 1,
                            LARGEST_ADJUSTMENT[count]));
                }
                if (best != null) {
                    return Optional.of(best.nets());
                }
            }
        }
        return Optional.empty();
    }

    /** {@link BillmateCart#vatOf} at one rate, in whole numbers where the rate has at most two decimals (the search tries thousands of rows). */
    private record RowVat(BigDecimal rate, long hundredths) {

        static RowVat at(BigDecimal rate) {
            BigDecimal hundredths = rate.movePointRight(2);
            return new RowVat(rate, hundredths.stripTrailingZeros().scale() <= 0 ? hundredths.longValueExact() : -1);
        }

        long of(long net) {
            if (hundredths < 0 || Math.abs(net) >= 1_000_000_000L) {
                return vatOf(net, rate);
            }
            return Long.signum(net) * ((Math.abs(net) * hundredths + 5_000) / 10_000);
        }

        /** Whether the row's exact VAT is a whole öre and a half, which half up and half even round apart. */
        boolean isTie(long net) {
            if (hundredths < 0 || Math.abs(net) >= 1_000_000_000L) {
                BigDecimal exact = BillmateCart.exactVat(net, rate).abs();
                return exact.remainder(BigDecimal.ONE).compareTo(new BigDecimal("0.5")) == 0;
            }
            return Math.abs(net) * hundredths % 10_000 == 5_000;
        }
    }

    /** A way to divide a base row: the pieces' nets, how many rows land on a half öre, and their size. */
    private record Pieces(long[] nets, int ties, long size) {

        static Pieces better(Pieces a, Pieces b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            if (a.ties != b.ties) {
                return a.ties < b.ties ? a : b;
            }
            return a.size <= b.size ? a : b;
        }

        /** The best pieces of non-decreasing size from {@code from} whose rows' VAT, with the rest of the base, is {@code vat}. */
        static Pieces search(long base, RowVat vatAt, long vat, long sign, boolean mixed, long[] nets, int index,
                long from, long largest) {
            if (index == nets.length) {
                long rest = base;
                for (long net : nets) {
                    rest -= net;
                }
                boolean oneSign = rest != 0 && Long.signum(rest) == Long.signum(base)
                        && Long.signum(nets[0]) == Long.signum(base);
                if (mixed == oneSign) {
                    return null;
                }
                long booked = vatAt.of(rest);
                int ties = vatAt.isTie(rest) ? 1 : 0;
                for (long net : nets) {
                    booked += vatAt.of(net);
                    ties += vatAt.isTie(net) ? 1 : 0;
                }
                return booked == vat ? new Pieces(nets.clone(), ties, Math.abs(base - rest)) : null;
            }
            Pieces best = null;
            for (long size = from; size <= largest; size++) {
                nets[index] = sign * size;
                best = better(best, search(base, vatAt, vat, sign, mixed, nets, index + 1, size, largest));
            }
            return best;
        }
    }
}
