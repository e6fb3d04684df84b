package io.orderhook.provider.klarna;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxRate;
import io.orderhook.order.TaxSplit;

/**
 * Klarna {@code order_lines} for an order (update authorization, capture) or a refund, with the
 * amount they add up to and what they move per VAT rate ({@link #split()}).
 *
 * <p>Klarna's rules for every line (Order Management reference, "Validation rules"): whole
 * quantities; {@code total_amount == quantity * unit_price - total_discount_amount} exactly;
 * {@code total_tax_amount} within one minor unit of
 * {@code total_amount - total_amount * 10000 / (10000 + tax_rate)}; and the lines add up to the
 * operation's amount ({@code order_amount}, {@code captured_amount}, {@code refunded_amount}).
 * Every set of lines built here keeps them, so a line Klarna would refuse becomes a refusal with
 * what to do instead of a call.
 *
 * <p>A line's amounts are the shop's own: its total and tax as WooCommerce rounded them, so the
 * customer is charged what the shop shows and each line carries the shop's VAT. A coupon shows as
 * the line's {@code total_discount_amount}. A negative fee whose tax WooCommerce spread over several
 * rates becomes one discount line per rate. A difference between the order's total and its lines
 * (a shop that rounds tax at subtotal, or rounds the total) becomes a "Rounding" line at 0 %,
 * which is not VAT.
 */
public record KlarnaLines(List<KlarnaLine> lines, long amount, TaxSplit split) {

    /** The largest difference between the order's total and its lines taken as rounding, not as an error. */
    static final long MAX_ROUNDING = 50;
    private static final int MAX_QUANTITY = 100_000;
    private static final int MAX_TEXT = 255;
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    public KlarnaLines {
        lines = List.copyOf(lines);
        long sum = lines.stream().mapToLong(KlarnaLine::totalAmount).sum();
        if (sum != amount) {
            throw new IllegalStateException("Klarna lines add up to " + sum + ", not to " + amount);
        }
    }

    /** The order cannot be expressed as Klarna lines; the message says why and what to do. */
    public static final class UnmappableOrderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnmappableOrderException(String message) {
            super(message);
        }
    }

    // ---- what the provider calls --------------------------------------------------------------

    /** The whole order. */
    public static KlarnaLines forOrder(OrderSnapshot order) {
        return forReservation(order, List.of());
    }

    /**
     * The order less the refunds the merchant made before it was captured: each refund is taken
     * off as discount lines (its rows when they add up to it, otherwise its amount split over the
     * tax rates by what is left at each), oldest first.
     *
     * @throws UnmappableOrderException when nothing is left (cancel instead), or the order's lines
     *         cannot be sent to Klarna
     */
    public static KlarnaLines forReservation(OrderSnapshot order, List<Refund> refundsBeforeActivation) {
        Mapping mapping = Mapping.of(order);
        List<KlarnaLine> lines = new ArrayList<>(mapping.lines);
        TaxSplit left = mapping.charged;
        long refunded = 0;
        for (Refund refund : oldestFirst(refundsBeforeActivation)) {
            if (refund.amount() == 0) {
                continue; // WooCommerce's own 0.00 "Order fully refunded." moves nothing
            }
            Credit credit = mapping.credit(refund, left);
            for (KlarnaLine line : credit.lines()) {
                lines.add(line.negated(credit.byRows() ? text("Refunded: " + line.name()) : line.name()));
            }
            left = left.minus(credit.split());
            refunded += refund.amount();
        }
        long amount = order.total() - refunded;
        if (refunded > 0 && amount <= 0) {
            throw new UnmappableOrderException("Order " + order.orderId() + " is refunded in full ("
                    + Money.format(refunded, Money.decimals(order.currency()))
                    + "); nothing is left to capture: cancel the Klarna order instead.");
        }
        return new KlarnaLines(lines, amount, left);
    }

    /**
     * The lines of one refund, given what earlier refunds of the order returned at each rate: the
     * refunded rows when they add up to the refund and fit into what is left at their rates;
     * otherwise the amount split over the rates by what is left at each (the final refund of
     * the rest returns exactly what is left).
     *
     * @throws UnmappableOrderException for a refund of nothing, or one larger than what is left
     */
    public static KlarnaLines forRefund(OrderSnapshot order, Refund refund, TaxSplit creditedBefore) {
        Mapping mapping = Mapping.of(order);
        Credit credit = mapping.credit(refund, mapping.charged.minus(creditedBefore));
        return new KlarnaLines(credit.lines(), refund.amount(), credit.split());
    }

    /** What the order's lines charge at each rate, net and tax (a rounding line at rate 0). */
    public static TaxSplit charged(OrderSnapshot order) {
        return Mapping.of(order).charged;
    }

    /** The lines as Klarna's {@code order_lines} array. */
    public void writeTo(ArrayNode array) {
        lines.forEach(line -> line.writeTo(array.addObject()));
    }

    // ---- Klarna's tax rule --------------------------------------------------------------------

    /**
     * Klarna's tax check: the line's tax within one minor unit of
     * {@code total - total * 10000 / (10000 + rate)}. Klarna Payments documents the tolerance;
     * Order Management is taken to apply the same (the stricter of the readings).
     */
    static boolean taxFits(long total, long tax, int basisPoints) {
        return exactTax(total, basisPoints).subtract(BigDecimal.valueOf(tax)).abs().compareTo(BigDecimal.ONE) <= 0;
    }

    private static BigDecimal exactTax(long total, int basisPoints) {
        return BigDecimal.valueOf(total).multiply(BigDecimal.valueOf(basisPoints))
                .divide(TEN_THOUSAND.add(BigDecimal.valueOf(basisPoints)), 6, RoundingMode.HALF_UP);
    }

    /** A tax for {@code total} at the rate that Klarna accepts, as near {@code wanted} as the tolerance allows. */
    private static long acceptedTax(long total, int basisPoints, long wanted, long lowest, long highest) {
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
            throw new UnmappableOrderException("In " + what + ", the tax rate " + percent.toPlainString()
                    + " % has more than two decimals, which Klarna cannot take.");
        }
    }

    // ---- the order read once ------------------------------------------------------------------

    /** One refund as lines: {@code byRows} when they are the refund's own rows. */
    private record Credit(List<KlarnaLine> lines, TaxSplit split, boolean byRows) {}

    private static final class Mapping {
        final OrderSnapshot order;
        final Map<String, TaxRate> ratesById = new HashMap<>();
        final List<KlarnaLine> lines = new ArrayList<>();
        TaxSplit charged;

        private Mapping(OrderSnapshot order) {
            this.order = order;
            order.taxRates().forEach(rate -> ratesById.put(rate.rateId(), rate));
        }

        static Mapping of(OrderSnapshot order) {
            Mapping mapping = new Mapping(order);
            String what = "order " + order.orderId();
            for (OrderLine line : order.lines()) {
                if (line.kind() != LineKind.COUPON) { // WooCommerce already took coupons off the product lines
                    mapping.lines.addAll(mapping.linesOf(line, what));
                }
            }
            long sum = mapping.lines.stream().mapToLong(KlarnaLine::totalAmount).sum();
            long rounding = order.total() - sum;
            if (Math.abs(rounding) > Math.max(MAX_ROUNDING, mapping.lines.size())) {
                int decimals = Money.decimals(order.currency());
                throw new UnmappableOrderException("Order " + order.orderId() + ": the total "
                        + Money.format(order.total(), decimals) + " differs from the sum of its lines "
                        + Money.format(sum, decimals) + ". Recalculate the order's totals in WooCommerce and save it again.");
            }
            if (rounding != 0) {
                mapping.lines.add(new KlarnaLine(rounding > 0 ? "surcharge" : "discount", "rounding", "Rounding", 1,
                        rounding, 0, rounding, 0, 0));
            }
            mapping.charged = splitOf(mapping.lines);
            return mapping;
        }

        /** The line's taxes at the order's known rates that charge something. */
        private List<LineTax> charging(OrderLine line) {
            return line.taxes().stream().filter(t -> ratesById.containsKey(t.rateId()) && t.amount() != 0).toList();
        }

        private BigDecimal percentSum(List<LineTax> taxes) {
            return TaxSplit.canonical(taxes.stream().map(t -> ratesById.get(t.rateId()).percent())
                    .reduce(BigDecimal.ZERO, BigDecimal::add));
        }

        /**
         * One line at its rate, or (a line whose tax WooCommerce spread over several rates) one line
         * per rate. A line's rate is that of its tax rate ids, also when it was discounted to 0.00;
         * several rates on the same goods (stacked) add up.
         */
        List<KlarnaLine> linesOf(OrderLine line, String what) {
            long gross = line.total() + line.totalTax();
            List<LineTax> charging = charging(line);
            if (charging.size() >= 2 && !taxFits(gross, line.totalTax(), basisPoints(percentSum(charging), what))) {
                return spreadLines(line, charging, what);
            }
            List<LineTax> known = line.taxes().stream().filter(t -> ratesById.containsKey(t.rateId())).toList();
            BigDecimal rate = known.isEmpty() ? snappedRate(line, what)
                    : percentSum(charging.isEmpty() ? known.subList(0, 1) : charging);
            int basisPoints = basisPoints(rate, what);
            if (gross != 0 && !taxFits(gross, line.totalTax(), basisPoints)) {
                throw notRecalculated(line, what);
            }
            return List.of(line(line, gross, basisPoints));
        }

        private KlarnaLine line(OrderLine line, long gross, int basisPoints) {
            BigDecimal units = line.quantity();
            boolean whole = units.signum() > 0 && units.stripTrailingZeros().scale() <= 0
                    && units.compareTo(BigDecimal.valueOf(MAX_QUANTITY)) <= 0;
            String name = nameOf(line);
            if (!whole) {
                // Klarna takes whole units only: a quantity such as 3.5 kg is one unit named with it.
                name = units.stripTrailingZeros().toPlainString() + " × " + name;
            }
            String type = typeOf(line.kind(), gross);
            if (gross < 0) {
                return new KlarnaLine(type, referenceOf(line), text(name), 1, gross, basisPoints, gross, 0,
                        line.totalTax());
            }
            long quantity = whole ? units.longValueExact() : 1;
            long discount = 0;
            if (line.kind() == LineKind.PRODUCT && line.subtotal() > line.total() && line.total() >= 0) {
                // The coupon's part of the line, with tax at the line's rate.
                discount = BigDecimal.valueOf(line.subtotal() - line.total())
                        .multiply(TEN_THOUSAND.add(BigDecimal.valueOf(basisPoints)))
                        .divide(TEN_THOUSAND, 0, RoundingMode.HALF_UP).longValueExact();
            }
            long before = gross + discount;
            // unit_price is whole minor units: rounded up, and the difference counts as discount,
            // so that quantity * unit_price - total_discount_amount is exactly the line's total.
            long unitPrice = Math.floorDiv(before + quantity - 1, quantity);
            return new KlarnaLine(type, referenceOf(line), text(name), quantity, unitPrice, basisPoints, gross,
                    quantity * unitPrice - gross, line.totalTax());
        }

        /**
         * A negative fee WooCommerce spread over the order's tax classes: one discount line per
         * rate, each with the shop's tax at that rate and the total that tax stands for; what the
         * totals miss of the line's total goes to the rates as far as Klarna's tolerance allows,
         * and to 0 % when the order sells untaxed goods.
         */
        private List<KlarnaLine> spreadLines(OrderLine line, List<LineTax> charging, String what) {
            Map<BigDecimal, Long> taxByRate = new LinkedHashMap<>();
            for (LineTax tax : charging) {
                taxByRate.merge(TaxSplit.canonical(ratesById.get(tax.rateId()).percent()), roundedTax(tax.amount()),
                        Long::sum);
            }
            // WooCommerce rounds each rate's tax; a line total_tax that disagrees is the shop's word.
            long missingTax = line.totalTax() - taxByRate.values().stream().mapToLong(Long::longValue).sum();
            if (missingTax != 0) {
                BigDecimal largest = taxByRate.entrySet().stream()
                        .max(Comparator.comparing(e -> Math.abs(e.getValue()))).orElseThrow().getKey();
                taxByRate.merge(largest, missingTax, Long::sum);
            }
            List<BigDecimal> rates = new ArrayList<>(taxByRate.keySet());
            long[] totals = new long[rates.size()];
            int[] points = new int[rates.size()];
            long missing = line.total() + line.totalTax();
            for (int i = 0; i < rates.size(); i++) {
                points[i] = basisPoints(rates.get(i), what);
                long tax = taxByRate.get(rates.get(i));
                totals[i] = BigDecimal.valueOf(tax).multiply(TEN_THOUSAND.add(BigDecimal.valueOf(points[i])))
                        .divide(BigDecimal.valueOf(points[i]), 0, RoundingMode.HALF_UP).longValueExact();
                missing -= totals[i];
            }
            for (int i = 0; i < rates.size() && missing != 0; i++) {
                long step = Long.signum(missing);
                long tax = taxByRate.get(rates.get(i));
                while (missing != 0 && taxFits(totals[i] + step, tax, points[i])) {
                    totals[i] += step;
                    missing -= step;
                }
            }
            boolean untaxedGoods = order.lines().stream().anyMatch(l -> l.kind() != LineKind.COUPON && l.totalTax() == 0
                    && l.total() > 0 && charging(l).isEmpty());
            if (missing != 0 && !untaxedGoods) {
                throw notRecalculated(line, what);
            }
            List<KlarnaLine> parts = new ArrayList<>();
            for (int i = 0; i < rates.size(); i++) {
                parts.add(part(line, rates.get(i), totals[i], points[i], taxByRate.get(rates.get(i))));
            }
            if (missing != 0) {
                parts.add(part(line, BigDecimal.ZERO, missing, 0, 0));
            }
            return parts;
        }

        private KlarnaLine part(OrderLine line, BigDecimal rate, long total, int basisPoints, long tax) {
            String name = text(nameOf(line) + " (" + rate.toPlainString() + " %)");
            return new KlarnaLine(typeOf(line.kind(), total), referenceOf(line), name, 1, total, basisPoints, total, 0, tax);
        }

        /**
         * For a line without tax rate ids (older shops): among 0 and the order's rates, the one whose
         * tax on the line's total is nearest the shop's; a line whose tax none explains was saved
         * without recalculating taxes.
         */
        private BigDecimal snappedRate(OrderLine line, String what) {
            if (line.totalTax() == 0) {
                return BigDecimal.ZERO;
            }
            long gross = line.total() + line.totalTax();
            BigDecimal best = null;
            BigDecimal bestError = null;
            List<BigDecimal> candidates = new ArrayList<>();
            candidates.add(BigDecimal.ZERO);
            order.taxRates().forEach(rate -> candidates.add(TaxSplit.canonical(rate.percent())));
            for (BigDecimal candidate : candidates) {
                BigDecimal error = exactTax(gross, basisPoints(candidate, what)).subtract(BigDecimal.valueOf(line.totalTax())).abs();
                if (bestError == null || error.compareTo(bestError) < 0) {
                    best = candidate;
                    bestError = error;
                }
            }
            if (bestError.compareTo(BigDecimal.ONE) > 0) {
                throw notRecalculated(line, what);
            }
            return best;
        }

        /** One refund as lines, given what is left at each rate. */
        Credit credit(Refund refund, TaxSplit left) {
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
            Optional<List<KlarnaLine>> rows = refundRows(refund);
            if (rows.isPresent()) {
                TaxSplit rowSplit = splitOf(rows.get());
                if (rowSplit.withTax() == refund.amount() && fitsInto(rowSplit, left)) {
                    return new Credit(rows.get(), rowSplit, true);
                }
            }
            return byAmount(refund, left);
        }

        /** A refund's rows as lines, when each can be read at one rate. */
        private Optional<List<KlarnaLine>> refundRows(Refund refund) {
            String what = "refund " + refund.refundId() + " of order " + order.orderId();
            List<KlarnaLine> result = new ArrayList<>();
            for (OrderLine line : refund.lines()) {
                if (line.kind() == LineKind.COUPON || (line.total() == 0 && line.totalTax() == 0)) {
                    continue;
                }
                try {
                    List<KlarnaLine> lines = linesOf(line, what);
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
        private Credit byAmount(Refund refund, TaxSplit left) {
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
            String name = text(refund.reason().isBlank() ? "Refund" : "Refund: " + refund.reason());
            List<KlarnaLine> lines = new ArrayList<>();
            for (int i = 0; i < rates.size(); i++) {
                if (shares[i] == 0) {
                    continue;
                }
                TaxSplit.Part atRate = left.at(rates.get(i));
                int points = basisPoints(rates.get(i), what);
                long ideal = exactTax(shares[i], points).setScale(0, RoundingMode.HALF_UP).longValueExact();
                long tax = acceptedTax(shares[i], points, rest ? atRate.tax() : ideal, shares[i] - atRate.net(),
                        atRate.tax());
                lines.add(new KlarnaLine("physical", "refund", name, 1, shares[i], points, shares[i], 0, tax));
            }
            return new Credit(lines, splitOf(lines), false);
        }

        private static UnmappableOrderException notRecalculated(OrderLine line, String what) {
            return new UnmappableOrderException("In " + what + ", the line \"" + line.name() + "\" has tax "
                    + line.totalTax() + " on " + line.total() + " (minor units), which its tax rates do not explain."
                    + " Press \"Recalculate\" on the order in WooCommerce and save it again.");
        }
    }

    // ---- small pieces -------------------------------------------------------------------------

    private static TaxSplit splitOf(List<KlarnaLine> lines) {
        Map<BigDecimal, TaxSplit.Part> parts = new LinkedHashMap<>();
        lines.forEach(line -> parts.merge(line.ratePercent(), new TaxSplit.Part(line.net(), line.totalTaxAmount()),
                TaxSplit.Part::plus));
        return new TaxSplit(parts);
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

    private static List<Refund> oldestFirst(List<Refund> refunds) {
        List<Refund> sorted = new ArrayList<>(refunds);
        if (sorted.stream().allMatch(r -> r.refundId().matches("[0-9]{1,18}"))) {
            sorted.sort(Comparator.comparingLong(r -> Long.parseLong(r.refundId())));
        }
        return sorted;
    }

    /** A tax of WooCommerce's kept with four more decimals, in whole minor units (half away from zero, as PHP). */
    private static long roundedTax(long scaled) {
        return BigDecimal.valueOf(scaled).movePointLeft(4).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static String typeOf(LineKind kind, long total) {
        return switch (kind) {
            case PRODUCT -> total < 0 ? "discount" : "physical";
            case SHIPPING -> "shipping_fee";
            case FEE, COUPON -> total < 0 ? "discount" : "surcharge";
        };
    }

    private static String nameOf(OrderLine line) {
        if (!line.name().isBlank()) {
            return line.name();
        }
        return switch (line.kind()) {
            case SHIPPING -> "Shipping";
            case FEE -> "Fee";
            case PRODUCT, COUPON -> "Article";
        };
    }

    private static String referenceOf(OrderLine line) {
        if (!line.sku().isBlank()) {
            return text(line.sku());
        }
        return switch (line.kind()) {
            case SHIPPING -> "shipping";
            case FEE -> "fee";
            case PRODUCT, COUPON -> "";
        };
    }

    /** Klarna's names and references take at most 255 characters. */
    static String text(String value) {
        if (value.codePointCount(0, value.length()) <= MAX_TEXT) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, MAX_TEXT));
    }
}
