package io.orderhook.provider.billmate;

import static io.orderhook.provider.billmate.BillmateCart.canonical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxRate;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.billmate.BillmateCart.UnmappableOrderException;

/**
 * The order read once: its lines as Billmate rows, each at the tax rate its tax rate id names (or,
 * for a line taxed at several rates at once, {@link SpreadLine}), and what it {@link #charged} at
 * each rate.
 */
final class OrderRows {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    final OrderSnapshot order;
    private final Map<String, TaxRate> ratesById = new HashMap<>();
    private final List<CartRow> rows = new ArrayList<>();
    private final Set<BigDecimal> rateOrder = new LinkedHashSet<>();
    private boolean stacked;
    private TaxSplit charged;

    private OrderRows(OrderSnapshot order) {
        this.order = order;
        order.taxRates().forEach(rate -> ratesById.put(rate.rateId(), rate));
    }

    static OrderRows of(OrderSnapshot order) {
        requireHundredths(order.currency());
        OrderRows mapping = new OrderRows(order);
        String what = "order " + order.orderId();
        List<OrderLine> spreadLines = new ArrayList<>();
        List<CartRow> single = new ArrayList<>();
        for (OrderLine line : order.lines()) {
            if (line.kind() == LineKind.COUPON) {
                continue; // WooCommerce already took the coupon off the product lines
            }
            if (mapping.isSpread(line)) {
                spreadLines.add(line);
            } else {
                single.add(mapping.singleRow(line, what));
            }
        }
        // Rows in the order's own order; a spread line's parts follow WooCommerce's division over
        // the single-rate rows.
        List<CartRow> singles = List.copyOf(single);
        for (OrderLine line : order.lines()) {
            if (line.kind() == LineKind.COUPON) {
                continue;
            }
            if (spreadLines.contains(line)) {
                mapping.rows.addAll(SpreadLine.rows(mapping, line, singles, what));
            } else {
                mapping.rows.add(single.remove(0));
            }
        }
        mapping.rows.forEach(row -> mapping.rateOrder.add(row.rate()));
        mapping.charged = mapping.chargedSplit();
        return mapping;
    }

    /** The order's rows, in the order's own order. */
    List<CartRow> rows() {
        return rows;
    }

    /** What the order charged at each rate ({@link BillmateCart#charged}). */
    TaxSplit charged() {
        return charged;
    }

    /** {@code rates} in the order the order's rows first use them, then any others from low to high. */
    List<BigDecimal> ratesInOrder(Set<BigDecimal> rates) {
        List<BigDecimal> ordered = new ArrayList<>();
        for (BigDecimal rate : rateOrder) {
            if (rates.contains(rate)) {
                ordered.add(rate);
            }
        }
        rates.stream().filter(rate -> !ordered.contains(rate)).sorted().forEach(ordered::add);
        return ordered;
    }

    /** The line's taxes at the order's known rates that charge something. */
    List<LineTax> charging(OrderLine line) {
        return line.taxes().stream().filter(t -> ratesById.containsKey(t.rateId()) && t.amount() != 0).toList();
    }

    /** The percent of a tax's rate, which must be one of the order's ({@link #charging}). */
    BigDecimal percentOf(LineTax tax) {
        return ratesById.get(tax.rateId()).percent();
    }

    /**
     * A line taxed at several rates at once: either stacked (compound or several rates on the
     * same goods: its tax is the sum of the rates on its whole total, one Billmate row at the
     * summed rate) or spread (a negative fee WooCommerce divided over the order's tax classes:
     * each rate taxes a part of the total, one row per rate).
     */
    private boolean isSpread(OrderLine line) {
        List<LineTax> charging = charging(line);
        if (charging.size() < 2) {
            return false;
        }
        return !fits(line.total(), line.totalTax(), percentSum(charging), line.quantity());
    }

    private BigDecimal percentSum(List<LineTax> taxes) {
        return taxes.stream().map(this::percentOf).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** A line at one rate (or a stacked line at its summed rate). */
    private CartRow singleRow(OrderLine line, String what) {
        List<LineTax> known = line.taxes().stream().filter(t -> ratesById.containsKey(t.rateId())).toList();
        List<LineTax> charging = charging(line);
        BigDecimal rate;
        if (known.isEmpty()) {
            // An older shop, or a line without tax ids: the rate that explains the line's tax.
            rate = snappedRate(line, order.taxRates(), what);
        } else {
            // The line's own tax rate id decides, also for a line discounted to 0.00 whose tax
            // is 0.00: it is still sold at its rate, not at 0 %.
            List<LineTax> used = charging.isEmpty() ? known.subList(0, 1) : charging;
            rate = canonical(percentSum(used));
            if (used.size() > 1) {
                stacked = true;
            }
            if (line.total() != 0 && !fits(line.total(), line.totalTax(), rate, line.quantity())) {
                throw notRecalculated(line, what);
            }
        }
        return new CartRow(line.kind(), line.lineId(), line.sku(), line.name(), line.quantity(),
                line.kind() == LineKind.PRODUCT ? line.subtotal() : line.total(), line.total(), line.totalTax(),
                rate, false, false);
    }

    /**
     * Nets per rate from the rows; tax per rate from the shop's tax lines when it gives them for
     * every rate (its rounding, "round tax at subtotal" included), otherwise from the rows.
     */
    private TaxSplit chargedSplit() {
        Map<BigDecimal, TaxSplit.Part> parts = new LinkedHashMap<>();
        for (CartRow row : rows) {
            parts.merge(row.rate(), new TaxSplit.Part(row.net(), 0), TaxSplit.Part::plus);
        }
        boolean fromTaxLines = !stacked && !order.taxRates().isEmpty()
                && order.taxRates().stream().allMatch(rate -> rate.taxTotal().isPresent());
        if (fromTaxLines) {
            for (TaxRate rate : order.taxRates()) {
                parts.merge(canonical(rate.percent()), new TaxSplit.Part(0, rate.taxTotal().getAsLong()),
                        TaxSplit.Part::plus);
            }
        } else {
            for (CartRow row : rows) {
                parts.merge(row.rate(), new TaxSplit.Part(0, row.tax()), TaxSplit.Part::plus);
            }
        }
        long tax = parts.values().stream().mapToLong(TaxSplit.Part::tax).sum();
        if (tax != order.totalTax() && !parts.isEmpty()) {
            // The shop's total_tax is what Total.tax says; tax lines that disagree with it give
            // way at their largest rate.
            parts.merge(largestRate(parts, TaxSplit.Part::tax), new TaxSplit.Part(0, order.totalTax() - tax),
                    TaxSplit.Part::plus);
        }
        long net = parts.values().stream().mapToLong(TaxSplit.Part::net).sum();
        long rounding = order.total() - net - order.totalTax();
        if (rounding != 0) {
            // A shop's rounding of the total (öresavrundning) is not VAT.
            parts.merge(BigDecimal.ZERO, new TaxSplit.Part(rounding, 0), TaxSplit.Part::plus);
        }
        return new TaxSplit(parts);
    }

    /** A refund's rows at their rates, when each can be read; empty when there are none or one cannot. */
    Optional<List<CartRow>> refundRows(Refund refund, String what) {
        List<CartRow> result = new ArrayList<>();
        for (OrderLine line : refund.lines()) {
            if (line.kind() == LineKind.COUPON || (line.total() == 0 && line.totalTax() == 0)) {
                continue;
            }
            if (charging(line).size() > 1 && isSpread(line)) {
                return Optional.empty();
            }
            try {
                result.add(singleRow(line, what));
            } catch (UnmappableOrderException e) {
                return Optional.empty(); // a row whose tax fits no rate: credit the amount instead
            }
        }
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    // ---- tax rates ----------------------------------------------------------------------------

    /** The rate whose amount is largest either way, where a disagreement of the shop's gives way. */
    static <V> BigDecimal largestRate(Map<BigDecimal, V> byRate, ToLongFunction<V> amount) {
        return byRate.entrySet().stream().max(Comparator.comparing(e -> Math.abs(amount.applyAsLong(e.getValue()))))
                .orElseThrow().getKey();
    }

    /** How far {@code tax} is from the exact tax of {@code net} at {@code rate}. */
    static BigDecimal taxOff(long net, long tax, BigDecimal rate) {
        return BillmateCart.exactVat(net, rate).subtract(BigDecimal.valueOf(tax)).abs();
    }

    /** Whether the line's tax is its total at {@code rate}, within 1 öre per unit and 1 öre of rounding. */
    private static boolean fits(long total, long tax, BigDecimal rate, BigDecimal quantity) {
        return taxOff(total, tax, rate).compareTo(tolerance(quantity)) <= 0;
    }

    private static BigDecimal tolerance(BigDecimal quantity) {
        return quantity.abs().max(BigDecimal.ONE).setScale(0, RoundingMode.CEILING).add(BigDecimal.ONE);
    }

    static UnmappableOrderException notRecalculated(OrderLine line, String what) {
        String effective = line.total() == 0 ? "-"
                : BillmateCart.plain(BigDecimal.valueOf(line.totalTax()).multiply(HUNDRED)
                        .divide(BigDecimal.valueOf(line.total()), 2, RoundingMode.HALF_UP));
        return new UnmappableOrderException("In " + what + ", the line \"" + line.name() + "\" has tax "
                + Money.format(line.totalTax(), 2) + " on " + Money.format(line.total(), 2) + " (" + effective
                + "%), which its tax rates do not explain. Press \"Recalculate\" on the order in WooCommerce and save it again.");
    }

    /**
     * For a line without tax rate ids (older shops): among 0 and the order's rates, the one whose
     * tax on the line's total is nearest the shop's. A line whose tax fits none of them (within
     * 1 öre per unit) was saved without recalculating taxes.
     */
    static BigDecimal snappedRate(OrderLine line, List<TaxRate> rates, String what) {
        if (line.totalTax() == 0) {
            return BigDecimal.ZERO;
        }
        List<BigDecimal> candidates = new ArrayList<>();
        candidates.add(BigDecimal.ZERO);
        rates.forEach(r -> candidates.add(r.percent()));
        if (line.total() == 0) {
            throw notRecalculated(line, what);
        }
        BigDecimal total = BigDecimal.valueOf(line.total());
        BigDecimal shopTax = BigDecimal.valueOf(line.totalTax());
        BigDecimal best = null;
        BigDecimal bestError = null;
        for (BigDecimal candidate : candidates) {
            BigDecimal error = total.multiply(candidate).divide(HUNDRED, 4, RoundingMode.HALF_UP).subtract(shopTax).abs();
            if (bestError == null || error.compareTo(bestError) < 0) {
                best = candidate;
                bestError = error;
            }
        }
        if (bestError.compareTo(tolerance(line.quantity())) > 0) {
            throw notRecalculated(line, what);
        }
        return canonical(best);
    }

    private static void requireHundredths(String currency) {
        if (Money.decimals(currency) != 2) {
            throw new UnmappableOrderException("Billmate takes amounts in hundredths of the currency; "
                    + currency + " has " + Money.decimals(currency) + " decimals and cannot be sent to Billmate.");
        }
    }
}
