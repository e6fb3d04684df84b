package io.orderhook.provider.klarna;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.TaxRate;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.klarna.KlarnaLines.UnmappableOrderException;

/**
 * An order read once as Klarna lines: one line per WooCommerce row at the shop's own total and
 * tax (a row whose tax WooCommerce spread over several rates becomes one line per rate), coupons
 * left out as WooCommerce already took them off the product rows, and a "Rounding" line at 0 %
 * for what the order's total differs from its rows. Also reads a refund's rows by the same rules
 * ({@link #linesOf}), for {@link KlarnaCredit}.
 */
final class KlarnaOrderLines {

    /** The largest difference between the order's total and its lines taken as rounding, not as an error. */
    private static final long MAX_ROUNDING = 50;
    private static final int MAX_QUANTITY = 100_000;

    private final OrderSnapshot order;
    private final Map<String, TaxRate> ratesById = new HashMap<>();
    private final List<KlarnaLine> lines = new ArrayList<>();
    private TaxSplit charged;

    private KlarnaOrderLines(OrderSnapshot order) {
        this.order = order;
        order.taxRates().forEach(rate -> ratesById.put(rate.rateId(), rate));
    }

    static KlarnaOrderLines of(OrderSnapshot order) {
        KlarnaOrderLines mapping = new KlarnaOrderLines(order);
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
        mapping.charged = KlarnaLines.splitOf(mapping.lines);
        return mapping;
    }

    OrderSnapshot order() {
        return order;
    }

    /** The order's lines as Klarna lines. */
    List<KlarnaLine> lines() {
        return lines;
    }

    /** What the order's lines charge at each rate, net and tax (a rounding line at rate 0). */
    TaxSplit charged() {
        return charged;
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
        if (charging.size() >= 2
                && !KlarnaTax.taxFits(gross, line.totalTax(), KlarnaTax.basisPoints(percentSum(charging), what))) {
            return spreadLines(line, charging, what);
        }
        List<LineTax> known = line.taxes().stream().filter(t -> ratesById.containsKey(t.rateId())).toList();
        BigDecimal rate = known.isEmpty() ? snappedRate(line, what)
                : percentSum(charging.isEmpty() ? known.subList(0, 1) : charging);
        int basisPoints = KlarnaTax.basisPoints(rate, what);
        if (gross != 0 && !KlarnaTax.taxFits(gross, line.totalTax(), basisPoints)) {
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
            return new KlarnaLine(type, referenceOf(line), KlarnaLines.text(name), 1, gross, basisPoints, gross, 0,
                    line.totalTax());
        }
        long quantity = whole ? units.longValueExact() : 1;
        long discount = 0;
        if (line.kind() == LineKind.PRODUCT && line.subtotal() > line.total() && line.total() >= 0) {
            // The coupon's part of the line, with tax at the line's rate.
            discount = BigDecimal.valueOf(line.subtotal() - line.total())
                    .multiply(KlarnaTax.TEN_THOUSAND.add(BigDecimal.valueOf(basisPoints)))
                    .divide(KlarnaTax.TEN_THOUSAND, 0, RoundingMode.HALF_UP).longValueExact();
        }
        long before = gross + discount;
        // unit_price is whole minor units: rounded up, and the difference counts as discount,
        // so that quantity * unit_price - total_discount_amount is exactly the line's total.
        long unitPrice = Math.floorDiv(before + quantity - 1, quantity);
        return new KlarnaLine(type, referenceOf(line), KlarnaLines.text(name), quantity, unitPrice, basisPoints, gross,
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
            points[i] = KlarnaTax.basisPoints(rates.get(i), what);
            long tax = taxByRate.get(rates.get(i));
            totals[i] = BigDecimal.valueOf(tax).multiply(KlarnaTax.TEN_THOUSAND.add(BigDecimal.valueOf(points[i])))
                    .divide(BigDecimal.valueOf(points[i]), 0, RoundingMode.HALF_UP).longValueExact();
            missing -= totals[i];
        }
        for (int i = 0; i < rates.size() && missing != 0; i++) {
            long step = Long.signum(missing);
            long tax = taxByRate.get(rates.get(i));
            while (missing != 0 && KlarnaTax.taxFits(totals[i] + step, tax, points[i])) {
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
        String name = KlarnaLines.text(nameOf(line) + " (" + rate.toPlainString() + " %)");
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
            BigDecimal error = KlarnaTax.exactTax(gross, KlarnaTax.basisPoints(candidate, what))
                    .subtract(BigDecimal.valueOf(line.totalTax())).abs();
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

    private static UnmappableOrderException notRecalculated(OrderLine line, String what) {
        return new UnmappableOrderException("In " + what + ", the line \"" + line.name() + "\" has tax "
                + line.totalTax() + " on " + line.total() + " (minor units), which its tax rates do not explain."
                + " Press \"Recalculate\" on the order in WooCommerce and save it again.");
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
            return KlarnaLines.text(line.sku());
        }
        return switch (line.kind()) {
            case SHIPPING -> "shipping";
            case FEE -> "fee";
            case PRODUCT, COUPON -> "";
        };
    }
}
