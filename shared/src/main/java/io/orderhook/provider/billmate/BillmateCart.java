package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxRate;
import io.orderhook.order.TaxSplit;

/**
 * Billmate's {@code Articles} and {@code Cart} for an order (updatePayment) or a refund
 * (creditPayment with partcredit), in öre/cents, and the net and tax per VAT rate that the cart
 * moves ({@link #split()}).
 *
 * <p>Billmate's rules, each with the error code it answers when broken: at least one article
 * (9109); every total an integer (9111); {@code Total.withouttax} equals the rows plus Shipping
 * and Handling (9102); the rows' tax ({@code withouttax * taxrate / 100}) equals
 * {@code Total.tax} within 1 öre per unit per row (9114); {@code withtax = withouttax + tax +
 * rounding} (9107) with {@code |rounding| <= 50} (9113); a discount (negative) row at a standard
 * rate of the account (creditPayment). Every cart built here is checked against them before it
 * leaves, so a cart Billmate would refuse becomes a refusal with what to do instead of a call.
 *
 * <p>Amounts are the shop's own: a row's {@code withouttax} is the line's total after coupons
 * (the coupon shows as the row's discount percentage), {@code Total.tax} the shop's
 * {@code total_tax} and {@code Total.withtax} its grand total, so the customer is charged what
 * the shop shows. A row's tax rate comes from the line's tax rate id (also when the line was
 * discounted to 0.00). A negative fee whose tax WooCommerce spread over several rates becomes
 * one negative row per rate, as creditPayment asks for discounts.
 *
 * <p>VAT is owed per rate, so a credit must return the right tax at the right rate: what the
 * payment booked at each rate is read from Billmate ({@link BillmateBooked}: the shop's checkout
 * plugin built that cart, and its VAT per rate need not be the order's {@link #charged}), what a
 * credit returns is its {@link #split()}, and a credit is built from what is left at each rate
 * (booked less what earlier credits returned). Billmate books VAT per row ({@link #vatOf}), so
 * where the rows' own VAT at a rate would miss the tax the cart must move there by an öre or two,
 * small "VAT adjustment" rows of that rate carry the difference ({@link #withExactVat}).
 */
public record BillmateCart(List<Article> articles, Optional<Charge> shipping, Optional<Charge> handling, Total total) {

    public BillmateCart {
        articles = List.copyOf(articles);
        Objects.requireNonNull(shipping, "shipping");
        Objects.requireNonNull(handling, "handling");
        Objects.requireNonNull(total, "total");
    }

    /**
     * @param quantity   units, decimal where the shop sells by weight or length ("3.5")
     * @param aprice     unit price before discount, excluding tax
     * @param discount   percent taken off {@code aprice * quantity}
     * @param withouttax the row's total excluding tax; Billmate takes it over {@code aprice * quantity}
     */
    public record Article(String artnr, String title, BigDecimal quantity, long aprice, BigDecimal taxrate,
            BigDecimal discount, long withouttax) {
        public Article {
            quantity = canonical(quantity);
            taxrate = canonical(taxrate);
            discount = canonical(discount);
        }

        /** A row of whole units. */
        public Article(String artnr, String title, long quantity, long aprice, BigDecimal taxrate, BigDecimal discount,
                long withouttax) {
            this(artnr, title, BigDecimal.valueOf(quantity), aprice, taxrate, discount, withouttax);
        }
    }

    /** {@code Cart.Shipping} or {@code Cart.Handling}. */
    public record Charge(long withouttax, BigDecimal taxrate) {
        public Charge {
            taxrate = canonical(taxrate);
        }
    }

    public record Total(long withouttax, long tax, long rounding, long withtax) {}

    /** 25, 7.7, 12.5: no trailing zeros and no exponent, so equal rates are equal records. */
    static BigDecimal canonical(BigDecimal value) {
        return TaxSplit.canonical(value);
    }

    /** Billmate's largest allowed {@code Cart.Total.rounding} (9113). */
    public static final long MAX_ROUNDING = 50;

    /** The order cannot be expressed as a Billmate cart; the message says why and what to do. */
    public static final class UnmappableOrderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnmappableOrderException(String message) {
            super(message);
        }
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    // ---- what the processor calls -------------------------------------------------------------

    /** The whole order, for updatePayment. The same as {@code forReservation(order, List.of())}. */
    public static BillmateCart forOrder(OrderSnapshot order) {
        return forReservation(order, List.of());
    }

    /**
     * The order as the reservation should hold it after refunds the merchant made before the
     * payment was activated: a refunded row is taken off its order row (refund rows carry the id
     * of the order row they refund), an amount (or rows that do not add up to the refund) is
     * taken off each tax rate by what is left there, as one negative row per rate. The refunds
     * are applied oldest first (lowest id first).
     *
     * @throws UnmappableOrderException when nothing is left to reserve (cancel instead), or the
     *         order cannot be sent to Billmate
     */
    public static BillmateCart forReservation(OrderSnapshot order, List<Refund> refundsBeforeActivation) {
        Mapping mapping = Mapping.of(order);
        List<Row> rows = new ArrayList<>(mapping.rows);
        Map<BigDecimal, Long> takenOff = new LinkedHashMap<>();
        TaxSplit left = mapping.charged;
        long refunded = 0;
        String takenTitle = "Refund";
        for (Refund refund : oldestFirst(refundsBeforeActivation)) {
            if (isNothingToCredit(refund)) {
                continue;
            }
            Plan plan = plan(mapping, refund, left);
            if (plan.byRows()) {
                for (Row refundRow : plan.rows()) {
                    if (!takeOffOrderRow(rows, refundRow)) {
                        takenOff.merge(refundRow.rate(), refundRow.net(), Long::sum);
                    }
                }
            } else {
                plan.split().byRate().forEach((rate, part) -> takenOff.merge(rate, part.net(), Long::sum));
                takenTitle = refundTitle(refund);
            }
            left = left.minus(plan.split());
            refunded += refund.amount();
        }
        if (refunded > 0 && left.withTax() <= 0) {
            throw new UnmappableOrderException("Order " + order.orderId() + " is refunded in full ("
                    + Money.format(refunded, 2) + "); there is nothing left to reserve: cancel the payment instead.");
        }
        List<Row> remaining = new ArrayList<>();
        for (Row row : rows) {
            if (row.quantity().signum() > 0 || row.net() != 0 || row.tax() != 0) {
                remaining.add(row);
            }
        }
        for (BigDecimal rate : mapping.ratesInOrder(takenOff.keySet())) {
            long net = takenOff.get(rate);
            if (net != 0) {
                remaining.add(Row.amount(LineKind.FEE, BillmateText.latin1(takenTitle, 255), -net, 0, rate));
            }
        }
        long withtax = order.total() - refunded;
        return build(remaining, left, withtax, "order " + order.orderId());
    }

    /** A refund as a first credit: {@code forRefund(order, refund, TaxSplit.EMPTY)}. */
    public static BillmateCart forRefund(OrderSnapshot order, Refund refund) {
        return forRefund(order, refund, TaxSplit.EMPTY);
    }

    /**
     * A part credit of a payment that booked what the order {@link #charged}: a cart orderhook
     * sent itself, or a payment whose booked split Billmate did not tell.
     */
    public static BillmateCart forRefund(OrderSnapshot order, Refund refund, TaxSplit creditedBefore) {
        return forRefund(order, refund, creditedBefore, charged(order));
    }

    /**
     * A part credit of a refund, given what the payment booked at each rate and what earlier
     * credits of it returned there.
     *
     * <ul>
     * <li>Refunded rows that add up to the refund's amount and fit into what is left at their rates
     *     are credited as those rows.</li>
     * <li>An amount without rows, or rows that do not add up to the amount, is split over the rates
     *     by what is left at each rate ({@code booked} less {@code creditedBefore}), not by the
     *     order's original shares: earlier credits may have emptied a rate.</li>
     * <li>The final "rest" credit (the amount equals what is left in total) returns exactly what is
     *     left at each rate, net and tax, including what the booked cart had at no rate (its
     *     rounding, {@link #noRateRows}).</li>
     * </ul>
     * Articles are never empty (9109): a shipping-only or fee-only refund becomes article rows.
     *
     * @param booked what the payment's cart booked at each rate ({@link BillmateBooked}), which for
     *               a cart the shop's checkout plugin built can differ from the order's tax lines
     * @throws UnmappableOrderException for a refund of nothing ({@link #isNothingToCredit}), one
     *         larger than what is left, or an order Billmate cannot take
     */
    public static BillmateCart forRefund(OrderSnapshot order, Refund refund, TaxSplit creditedBefore, TaxSplit booked) {
        Mapping mapping = Mapping.of(order);
        TaxSplit left = booked.minus(creditedBefore);
        Plan plan = plan(mapping, refund, left);
        String what = "refund " + refund.refundId() + " of order " + order.orderId();
        return build(plan.rows(), plan.split(), refund.amount(), what);
    }

    /**
     * What the order charged at each rate, net and tax: the rows' nets per rate and the shop's tax
     * per rate ({@code tax_lines}: {@code tax_total + shipping_tax_total}), so that its total tax is
     * the order's {@code total_tax} and its sum the order's {@code total}. A difference between the
     * total and net plus tax (a shop's rounding to whole kronor) is not VAT: it sits at rate 0.
     */
    public static TaxSplit charged(OrderSnapshot order) {
        return Mapping.of(order).charged;
    }

    /**
     * A refund that moves no money, such as WooCommerce's own "Order fully refunded." of 0.00
     * it adds when the last refund leaves a float rounding crumb: there is nothing to credit.
     */
    public static boolean isNothingToCredit(Refund refund) {
        return refund.amount() == 0;
    }

    /** Whether a refund is the whole order: Billmate then credits it in full (partcredit false). */
    public static boolean isFullCredit(OrderSnapshot order, Refund refund) {
        return refund.amount() == order.total();
    }

    /** Writes {@code Articles} and {@code Cart} into a request's data, in Billmate's key order. */
    public void writeTo(ObjectNode data) {
        ArrayNode rows = data.putArray("Articles");
        for (Article article : articles) {
            ObjectNode row = rows.addObject();
            row.put("artnr", article.artnr());
            row.put("title", article.title());
            row.put("quantity", plain(article.quantity()));
            row.put("aprice", Long.toString(article.aprice()));
            row.put("taxrate", plain(article.taxrate()));
            row.put("discount", plain(article.discount()));
            row.put("withouttax", Long.toString(article.withouttax()));
        }
        ObjectNode cart = data.putObject("Cart");
        handling.ifPresent(c -> charge(cart.putObject("Handling"), c));
        shipping.ifPresent(c -> charge(cart.putObject("Shipping"), c));
        ObjectNode sum = cart.putObject("Total");
        sum.put("withouttax", Long.toString(total.withouttax()));
        sum.put("tax", Long.toString(total.tax()));
        sum.put("rounding", Long.toString(total.rounding()));
        sum.put("withtax", Long.toString(total.withtax()));
    }

    private static void charge(ObjectNode node, Charge charge) {
        node.put("withouttax", Long.toString(charge.withouttax()));
        node.put("taxrate", plain(charge.taxrate()));
    }

    /**
     * What the cart moves at each tax rate, as Billmate books VAT: per row. getPaymentinfo answers
     * every article with its own {@code tax}, and those with Handling's and Shipping's add up to
     * {@code Total.tax} (Get-payment-info.md: 2468 at 25 % is 617, 178857 is 44714; with 250 and
     * 750, 46331). A rate's net is its rows' {@code withouttax} (Shipping and Handling are rows),
     * its tax the sum of its rows' VAT ({@link #vatOf}). {@code Total.rounding}, and whatever
     * {@code Total.tax} differs from the rows' VAT (a rounding of tax, VAT at no rate), is money at
     * rate 0, so the split adds up to {@code Total.withtax}.
     */
    public TaxSplit split() {
        Map<BigDecimal, TaxSplit.Part> parts = new HashMap<>();
        long rowsVat = 0;
        for (Article article : articles) {
            long vat = vatOf(article.withouttax(), article.taxrate());
            parts.merge(article.taxrate(), new TaxSplit.Part(article.withouttax(), vat), TaxSplit.Part::plus);
            rowsVat += vat;
        }
        for (Optional<Charge> charge : List.of(handling, shipping)) {
            if (charge.isPresent()) {
                long vat = vatOf(charge.get().withouttax(), charge.get().taxrate());
                parts.merge(charge.get().taxrate(), new TaxSplit.Part(charge.get().withouttax(), vat), TaxSplit.Part::plus);
                rowsVat += vat;
            }
        }
        parts.merge(BigDecimal.ZERO, new TaxSplit.Part(total.rounding() + total.tax() - rowsVat, 0), TaxSplit.Part::plus);
        return new TaxSplit(parts);
    }

    /**
     * One row's VAT as Billmate books it: {@code withouttax * taxrate / 100} in whole öre, half away
     * from zero. The documents' examples cannot tell half up from half even (44714.25); Billmate's
     * own PHP modules round each row's tax with PHP's {@code round()}, which rounds half away from
     * zero (the PrestaShop module's {@code prepareArticles}), and Billmate's server works in PHP
     * (a request's hash is over PHP's {@code json_encode}).
     */
    public static long vatOf(long withouttax, BigDecimal taxrate) {
        return BigDecimal.valueOf(withouttax).multiply(taxrate).movePointLeft(2).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    // ---- the order read once ------------------------------------------------------------------

    /**
     * One Billmate row before it becomes an article or {@code Cart.Shipping}: a line (or, for a
     * line whose tax is spread over several rates, the line's part at one rate).
     *
     * @param net  excluding tax
     * @param tax  the shop's tax on the row at its rate
     * @param ours a row orderhook made (an amount at a rate), not one of the shop's lines: its net
     *             may be divided into several rows
     */
    private record Row(LineKind kind, String lineId, String artnr, String title, BigDecimal quantity, long subtotal,
            long net, long tax, BigDecimal rate, boolean spread, boolean ours) {

        static Row amount(LineKind kind, String title, long net, long tax, BigDecimal rate) {
            return amount(kind, "refund", title, net, tax, rate);
        }

        static Row amount(LineKind kind, String artnr, String title, long net, long tax, BigDecimal rate) {
            return new Row(kind, "", artnr, title, BigDecimal.ONE, net, net, tax, rate, false, true);
        }

        Row withNet(long newNet, long newTax) {
            return new Row(kind, lineId, artnr, title, quantity, newNet, newNet, newTax, rate, spread, ours);
        }

        Row less(BigDecimal lessQuantity, long lessNet, long lessTax) {
            BigDecimal newQuantity = quantity.subtract(lessQuantity).max(BigDecimal.ZERO);
            long newSubtotal = quantity.signum() == 0 ? subtotal - lessNet
                    : BigDecimal.valueOf(subtotal).multiply(newQuantity).divide(quantity, 0, RoundingMode.HALF_UP)
                            .longValueExact();
            return new Row(kind, lineId, artnr, title, newQuantity, newSubtotal, net - lessNet, tax - lessTax, rate,
                    spread, ours);
        }
    }

    private static final class Mapping {
        final OrderSnapshot order;
        final Map<String, TaxRate> ratesById = new HashMap<>();
        final List<Row> rows = new ArrayList<>();
        final Set<BigDecimal> rateOrder = new LinkedHashSet<>();
        boolean stacked;
        TaxSplit charged;

        private Mapping(OrderSnapshot order) {
            this.order = order;
            order.taxRates().forEach(rate -> ratesById.put(rate.rateId(), rate));
        }

        static Mapping of(OrderSnapshot order) {
            requireHundredths(order.currency());
            Mapping mapping = new Mapping(order);
            String what = "order " + order.orderId();
            List<OrderLine> spreadLines = new ArrayList<>();
            List<Row> single = new ArrayList<>();
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
            List<Row> singles = List.copyOf(single);
            for (OrderLine line : order.lines()) {
                if (line.kind() == LineKind.COUPON) {
                    continue;
                }
                if (spreadLines.contains(line)) {
                    mapping.rows.addAll(mapping.spreadRows(line, singles, what));
                } else {
                    mapping.rows.add(single.remove(0));
                }
            }
            mapping.rows.forEach(row -> mapping.rateOrder.add(row.rate()));
            mapping.charged = mapping.chargedSplit();
            return mapping;
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
        private List<LineTax> charging(OrderLine line) {
            return line.taxes().stream().filter(t -> ratesById.containsKey(t.rateId()) && t.amount() != 0).toList();
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
            return taxes.stream().map(t -> ratesById.get(t.rateId()).percent()).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** A line at one rate (or a stacked line at its summed rate). */
        Row singleRow(OrderLine line, String what) {
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
            return new Row(line.kind(), line.lineId(), line.sku(), line.name(), line.quantity(),
                    line.kind() == LineKind.PRODUCT ? line.subtotal() : line.total(), line.total(), line.totalTax(),
                    rate, false, false);
        }

        /**
         * A line whose tax WooCommerce spread over several rates (a negative fee: WC_Order_Item_Fee
         * divides it over the order's tax classes in proportion to what each class costs, items,
         * fees and shipping that are not negative). Its net is divided the same way, so each part's
         * tax at its rate is the shop's; when the order has changed since (the shares no longer
         * explain the taxes), each part is the tax divided by the rate and the öre left over go to
         * the lowest rates, as far as each rate's tax still fits within one öre.
         */
        List<Row> spreadRows(OrderLine line, List<Row> singles, String what) {
            List<LineTax> charging = charging(line);
            Map<BigDecimal, Long> shopTax = new LinkedHashMap<>();
            for (LineTax tax : charging) {
                BigDecimal percent = canonical(ratesById.get(tax.rateId()).percent());
                shopTax.merge(percent, roundedTax(tax.amount()), Long::sum);
            }
            // WooCommerce rounds each rate's tax and adds them up; a line total_tax that disagrees
            // by an öre (round at subtotal) is the shop's word for the whole line.
            long missingTax = line.totalTax() - shopTax.values().stream().mapToLong(Long::longValue).sum();
            if (missingTax != 0) {
                BigDecimal largest = shopTax.entrySet().stream()
                        .max(Comparator.comparing(e -> Math.abs(e.getValue()))).orElseThrow().getKey();
                shopTax.merge(largest, missingTax, Long::sum);
            }
            Map<BigDecimal, Long> nets = sharesByCost(line, shopTax.keySet(), singles);
            if (nets == null || !allFit(nets, shopTax)) {
                nets = sharesByTax(line, shopTax, singles);
            }
            if (nets == null) {
                throw notRecalculated(line, what);
            }
            List<Row> parts = new ArrayList<>();
            for (Map.Entry<BigDecimal, Long> net : nets.entrySet()) {
                if (net.getValue() == 0 && shopTax.getOrDefault(net.getKey(), 0L) == 0) {
                    continue;
                }
                parts.add(new Row(line.kind(), line.lineId(), line.sku(), line.name(), BigDecimal.ONE, net.getValue(),
                        net.getValue(), shopTax.getOrDefault(net.getKey(), 0L), net.getKey(), true, false));
            }
            return parts;
        }

        /** WooCommerce's own division: the line's total in proportion to the other rows' costs per rate. */
        private Map<BigDecimal, Long> sharesByCost(OrderLine line, Set<BigDecimal> rates, List<Row> singles) {
            Map<BigDecimal, Long> costs = new LinkedHashMap<>();
            rates.forEach(rate -> costs.put(rate, 0L));
            long untaxed = 0;
            for (Row row : singles) {
                if (row.net() <= 0) {
                    continue;
                }
                if (costs.containsKey(row.rate())) {
                    costs.merge(row.rate(), row.net(), Long::sum);
                } else {
                    untaxed += row.net();
                }
            }
            List<BigDecimal> keys = new ArrayList<>(costs.keySet());
            List<Long> weights = new ArrayList<>(costs.values());
            if (untaxed > 0) {
                keys.add(BigDecimal.ZERO);
                weights.add(untaxed);
            }
            long[] shares = proportional(line.total(), weights);
            if (shares == null) {
                return null;
            }
            Map<BigDecimal, Long> nets = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                nets.merge(keys.get(i), shares[i], Long::sum);
            }
            return nets;
        }

        /** Each rate's part is its tax divided by the rate; the öre left over go to the lowest rates. */
        private Map<BigDecimal, Long> sharesByTax(OrderLine line, Map<BigDecimal, Long> shopTax, List<Row> singles) {
            Map<BigDecimal, Long> nets = new TreeMap<>();
            long given = 0;
            for (Map.Entry<BigDecimal, Long> tax : shopTax.entrySet()) {
                long net = tax.getKey().signum() == 0 ? 0
                        : BigDecimal.valueOf(tax.getValue()).multiply(HUNDRED)
                                .divide(tax.getKey(), 0, RoundingMode.HALF_UP).longValueExact();
                nets.put(tax.getKey(), net);
                given += net;
            }
            long missing = line.total() - given;
            for (BigDecimal rate : nets.keySet()) {
                if (missing == 0 || rate.signum() == 0) {
                    continue;
                }
                long step = Long.signum(missing);
                while (missing != 0 && fitsWithinOre(nets.get(rate) + step, shopTax.get(rate), rate)) {
                    nets.merge(rate, step, Long::sum);
                    missing -= step;
                }
            }
            if (missing != 0) {
                // What no rate's tax explains is untaxed, if the order sells untaxed goods at all.
                boolean untaxedGoods = singles.stream().anyMatch(row -> row.rate().signum() == 0 && row.net() > 0);
                if (!untaxedGoods) {
                    return null;
                }
                nets.merge(BigDecimal.ZERO, missing, Long::sum);
            }
            return nets;
        }

        private static boolean allFit(Map<BigDecimal, Long> nets, Map<BigDecimal, Long> shopTax) {
            for (Map.Entry<BigDecimal, Long> tax : shopTax.entrySet()) {
                if (!fitsWithinOre(nets.getOrDefault(tax.getKey(), 0L), tax.getValue(), tax.getKey())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean fitsWithinOre(long net, long tax, BigDecimal rate) {
            BigDecimal exact = BigDecimal.valueOf(net).multiply(rate).divide(HUNDRED);
            return exact.subtract(BigDecimal.valueOf(tax)).abs().compareTo(BigDecimal.ONE) <= 0;
        }

        /**
         * Nets per rate from the rows; tax per rate from the shop's tax lines when it gives them for
         * every rate (its rounding, "round tax at subtotal" included), otherwise from the rows.
         */
        private TaxSplit chargedSplit() {
            Map<BigDecimal, TaxSplit.Part> parts = new LinkedHashMap<>();
            for (Row row : rows) {
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
                for (Row row : rows) {
                    parts.merge(row.rate(), new TaxSplit.Part(0, row.tax()), TaxSplit.Part::plus);
                }
            }
            long tax = parts.values().stream().mapToLong(TaxSplit.Part::tax).sum();
            if (tax != order.totalTax() && !parts.isEmpty()) {
                // The shop's total_tax is what Total.tax says; tax lines that disagree with it give
                // way at their largest rate.
                BigDecimal largest = parts.entrySet().stream()
                        .max(Comparator.comparing(e -> Math.abs(e.getValue().tax()))).orElseThrow().getKey();
                parts.merge(largest, new TaxSplit.Part(0, order.totalTax() - tax), TaxSplit.Part::plus);
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
        Optional<List<Row>> refundRows(Refund refund, String what) {
            List<Row> result = new ArrayList<>();
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
    }

    // ---- credits ------------------------------------------------------------------------------

    /** How one refund is credited: its rows, or per-rate rows; and what it returns at each rate. */
    private record Plan(List<Row> rows, TaxSplit split, boolean byRows) {}

    private static Plan plan(Mapping mapping, Refund refund, TaxSplit left) {
        String what = "refund " + refund.refundId() + " of order " + mapping.order.orderId();
        if (isNothingToCredit(refund) || refund.amount() < 0) {
            throw new UnmappableOrderException("Refund " + refund.refundId() + " of order " + mapping.order.orderId()
                    + " is " + Money.format(refund.amount(), 2) + "; there is nothing to credit.");
        }
        if (refund.amount() > left.withTax()) {
            throw new UnmappableOrderException("Refund " + refund.refundId() + " of order " + mapping.order.orderId()
                    + " is " + Money.format(refund.amount(), 2) + " but only " + Money.format(left.withTax(), 2)
                    + " of the order is left to credit.");
        }
        boolean rest = refund.amount() == left.withTax();
        String title = BillmateText.latin1(refundTitle(refund), 255);
        Optional<List<Row>> rows = mapping.refundRows(refund, what);
        if (rows.isPresent()) {
            TaxSplit rowSplit = splitOf(rows.get());
            if (rowSplit.withTax() == refund.amount()) {
                if (rest && sameNetsAtEveryRate(rowSplit, left)) {
                    // The rest as rows: the rows, with the tax that is left at each rate, and what
                    // the booked cart had at no rate beside them.
                    List<Row> restRows = new ArrayList<>(rows.get());
                    restRows.addAll(noRateRows(left.at(BigDecimal.ZERO).net() - rowSplit.at(BigDecimal.ZERO).net(), title));
                    return new Plan(restRows, left, true);
                }
                if (!rest && fitsInto(rowSplit, left)) {
                    return new Plan(rows.get(), rowSplit, true);
                }
            }
        }
        TaxSplit part = rest ? left : splitByWhatIsLeft(refund.amount(), left, mapping);
        List<Row> rateRows = new ArrayList<>();
        for (BigDecimal rate : mapping.ratesInOrder(part.byRate().keySet())) {
            TaxSplit.Part atRate = part.at(rate);
            if (rate.signum() == 0) {
                rateRows.addAll(noRateRows(atRate.net(), title));
            } else {
                rateRows.add(Row.amount(LineKind.FEE, title, atRate.net(), atRate.tax(), rate));
            }
        }
        return new Plan(rateRows, part, false);
    }

    /**
     * The row that returns {@code net} at rate 0, money the booked cart had at no rate: none when
     * it is negative and within Billmate's rounding ({@link #MAX_ROUNDING}), which {@link #build}
     * then sends as {@code Total.rounding}. That is the usual case, the plugin's {@code Total.tax}
     * an öre below its rows' VAT; a negative row would be a discount, which creditPayment takes only
     * at a standard rate ("i.e. 6%,12%,25%", creditPayment.md), and the rounding is what it was.
     */
    private static List<Row> noRateRows(long net, String title) {
        if (net == 0 || (net < 0 && net >= -MAX_ROUNDING)) {
            return List.of();
        }
        return List.of(Row.amount(LineKind.FEE, title, net, 0, BigDecimal.ZERO));
    }

    private static String refundTitle(Refund refund) {
        return refund.reason().isBlank() ? "Refund" : "Refund: " + refund.reason();
    }

    private static TaxSplit splitOf(List<Row> rows) {
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
    private static TaxSplit splitByWhatIsLeft(long amount, TaxSplit left, Mapping mapping) {
        List<BigDecimal> rates = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        for (BigDecimal rate : mapping.ratesInOrder(left.byRate().keySet())) {
            TaxSplit.Part atRate = left.at(rate);
            if (atRate.net() >= 0 && atRate.tax() >= 0 && atRate.withTax() > 0) {
                rates.add(rate);
                weights.add(atRate.withTax());
            }
        }
        long[] shares = proportional(amount, weights);
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
            if (tax >= lowestTax && tax <= highestTax && vatOf(net, rate) == tax) {
                return new TaxSplit.Part(net, tax);
            }
        }
        long tax = Math.min(highestTax, Math.max(lowestTax, share - ideal));
        return new TaxSplit.Part(share - tax, tax);
    }

    /** Whole-öre shares of {@code amount} in proportion to positive weights (largest remainders); null without weight. */
    private static long[] proportional(long amount, List<Long> weights) {
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

    private static List<Refund> oldestFirst(List<Refund> refunds) {
        List<Refund> sorted = new ArrayList<>(refunds);
        boolean numeric = sorted.stream().allMatch(r -> r.refundId().matches("[0-9]{1,18}"));
        if (numeric) {
            sorted.sort(Comparator.comparingLong(r -> Long.parseLong(r.refundId())));
        }
        return sorted;
    }

    /** Takes a refunded row off the order row it names; false when the order has no such row. */
    private static boolean takeOffOrderRow(List<Row> rows, Row refunded) {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (!row.spread() && row.lineId().equals(refunded.lineId()) && row.kind() == refunded.kind()
                    && row.rate().compareTo(refunded.rate()) == 0) {
                rows.set(i, row.less(refunded.quantity(), refunded.net(), refunded.tax()));
                return true;
            }
        }
        return false;
    }

    // ---- VAT per row --------------------------------------------------------------------------

    private static final String VAT_ADJUSTMENT = "VAT adjustment";

    /** The most VAT adjustment rows taken out at once, and the largest amount searched for each count of them. */
    private static final long[] LARGEST_ADJUSTMENT = {0, 200, 60, 25, 12};

    /** How many times adjustment rows are taken out for one rate before orderhook gives up on its exact VAT. */
    private static final int MOST_ADJUSTMENT_STEPS = 12;

    /**
     * The rows, arranged so that Billmate's VAT of each row ({@link #vatOf}) adds up, at every rate,
     * to the tax {@code intended} moves there. Where it would not (the shop rounds its tax per line,
     * at subtotal or from prices with tax; earlier credits left a rate's net and tax apart), small
     * rows of that rate titled "VAT adjustment" carry the difference, in whole öre, quantity 1:
     * <ul>
     * <li>taken out of orderhook's own amount row at that rate when there is one (a credit's
     *     "Refund" row), so the rate's net stays what it was;</li>
     * <li>otherwise as adjustment rows whose nets add up to 0, the negative ones last: the shop's
     *     lines are sent as the shop has them.</li>
     * </ul>
     * Rows of the amount's own sign come first; a negative row only where nothing else reaches the
     * tax, and only at a whole rate (creditPayment takes discount rows at the account's standard
     * rates). Each row's VAT is within half an öre of its exact tax, so the cart stays within 9114.
     * A rate that no adjustment reaches keeps its rows, and {@link #split()} tells what Billmate
     * books there.
     */
    private static List<Row> withExactVat(List<Row> rows, TaxSplit intended) {
        List<Row> result = new ArrayList<>(rows);
        Set<BigDecimal> rates = new LinkedHashSet<>();
        rows.forEach(row -> rates.add(row.rate()));
        rates.addAll(intended.byRate().keySet());
        for (BigDecimal rate : rates) {
            long booked = 0;
            Row base = null;
            for (Row row : result) {
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
            List<Row> adjustmentRows = new ArrayList<>();
            for (long net : nets.get().subList(1, nets.get().size())) {
                adjustmentRows.add(Row.amount(LineKind.FEE, "vat", VAT_ADJUSTMENT, net, vatOf(net, rate), rate));
            }
            long rest = nets.get().get(0);
            if (base == null) {
                // Adjustment rows only, adding up to 0: the negative ones last.
                if (rest != 0) {
                    adjustmentRows.add(Row.amount(LineKind.FEE, "vat", VAT_ADJUSTMENT, rest, vatOf(rest, rate), rate));
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

    /** {@link #vatOf} at one rate, in whole numbers where the rate has at most two decimals (the search tries thousands of rows). */
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
                BigDecimal exact = BigDecimal.valueOf(net).multiply(rate).movePointLeft(2).abs();
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

    // ---- rows to articles ---------------------------------------------------------------------

    /**
     * The cart of rows that moves {@code intended} at each rate, with Billmate's totals:
     * {@code tax} the intended tax, {@code withtax} as given, rounding the difference. One shipping
     * row becomes {@code Cart.Shipping} when other rows remain as articles (a shipping-only cart
     * keeps it as an article: no articles is 9109).
     */
    private static BillmateCart build(List<Row> plannedRows, TaxSplit intended, long withtax, String what) {
        long tax = intended.tax();
        List<Row> rows = withExactVat(plannedRows, intended);
        List<Row> shippingRows = rows.stream().filter(r -> r.kind() == LineKind.SHIPPING && !r.spread()).toList();
        boolean shippingAsCharge = shippingRows.size() == 1 && rows.size() > 1;
        List<Article> articles = new ArrayList<>();
        Optional<Charge> shipping = Optional.empty();
        long withouttax = 0;
        for (Row row : rows) {
            withouttax += row.net();
            if (shippingAsCharge && row == shippingRows.get(0)) {
                shipping = Optional.of(new Charge(row.net(), row.rate()));
            } else {
                articles.add(article(row));
            }
        }
        if (articles.isEmpty()) {
            throw new UnmappableOrderException("Nothing of " + what + " can be sent to Billmate: it has no rows.");
        }
        long rounding = withtax - withouttax - tax;
        if (Math.abs(rounding) > MAX_ROUNDING) {
            throw new UnmappableOrderException(capitalised(what) + ": the total " + Money.format(withtax, 2)
                    + " differs from the sum of its lines and taxes by " + Money.format(rounding, 2)
                    + ", more than Billmate accepts (0.50). Recalculate the order's totals in WooCommerce and save it again.");
        }
        BillmateCart cart = new BillmateCart(articles, shipping, Optional.empty(),
                new Total(withouttax, tax, rounding, withtax));
        cart.requireRowTaxWithinTolerance(what);
        return cart;
    }

    /** Billmate's 9114: the rows' tax may differ from Total.tax by 1 öre per unit per row. */
    private void requireRowTaxWithinTolerance(String what) {
        BigDecimal rowTax = BigDecimal.ZERO;
        BigDecimal tolerance = BigDecimal.ZERO;
        for (Article article : articles) {
            rowTax = rowTax.add(BigDecimal.valueOf(article.withouttax()).multiply(article.taxrate()).divide(HUNDRED));
            tolerance = tolerance.add(article.quantity().abs().max(BigDecimal.ONE));
        }
        for (Optional<Charge> charge : List.of(shipping, handling)) {
            if (charge.isPresent()) {
                rowTax = rowTax.add(BigDecimal.valueOf(charge.get().withouttax()).multiply(charge.get().taxrate())
                        .divide(HUNDRED));
                tolerance = tolerance.add(BigDecimal.ONE);
            }
        }
        BigDecimal off = rowTax.subtract(BigDecimal.valueOf(total.tax())).abs();
        if (off.compareTo(tolerance) > 0) {
            throw new UnmappableOrderException(capitalised(what) + ": its tax " + Money.format(total.tax(), 2)
                    + " is not the tax of its rows at their rates (" + rowTax.movePointLeft(2).setScale(2, RoundingMode.HALF_UP)
                    + "), which Billmate refuses (9114). Press \"Recalculate\" on the order in WooCommerce and save it again.");
        }
    }

    private static Article article(Row row) {
        BigDecimal quantity = row.quantity().signum() == 0 ? BigDecimal.ONE : row.quantity().abs();
        long before = row.subtotal();
        BigDecimal discount = BigDecimal.ZERO;
        if (row.kind() == LineKind.PRODUCT && !row.spread() && before > 0 && row.net() >= 0 && row.net() < before) {
            discount = BigDecimal.valueOf(before - row.net()).multiply(HUNDRED)
                    .divide(BigDecimal.valueOf(before), 2, RoundingMode.HALF_UP);
        } else {
            before = row.net();
        }
        long aprice = BigDecimal.valueOf(before).divide(quantity, 0, RoundingMode.HALF_UP).longValueExact();
        String artnr = row.artnr().isBlank() ? kindArticleNumber(row.kind()) : row.artnr();
        String title = BillmateText.latin1(row.title(), 255);
        // Every article needs a title; a fee added in the admin may have none.
        return new Article(BillmateText.latin1(artnr, 255), title.isBlank() ? kindTitle(row.kind()) : title,
                quantity, aprice, row.rate(), discount.stripTrailingZeros(), row.net());
    }

    private static String kindArticleNumber(LineKind kind) {
        return switch (kind) {
            case SHIPPING -> "shipping";
            case FEE -> "fee";
            case PRODUCT, COUPON -> "";
        };
    }

    private static String kindTitle(LineKind kind) {
        return switch (kind) {
            case SHIPPING -> "Shipping";
            case FEE -> "Fee";
            case PRODUCT, COUPON -> "Article";
        };
    }

    // ---- tax rates ----------------------------------------------------------------------------

    /** Whether the line's tax is its total at {@code rate}, within 1 öre per unit and 1 öre of rounding. */
    private static boolean fits(long total, long tax, BigDecimal rate, BigDecimal quantity) {
        BigDecimal exact = BigDecimal.valueOf(total).multiply(rate).divide(HUNDRED);
        return exact.subtract(BigDecimal.valueOf(tax)).abs().compareTo(tolerance(quantity)) <= 0;
    }

    private static BigDecimal tolerance(BigDecimal quantity) {
        return quantity.abs().max(BigDecimal.ONE).setScale(0, RoundingMode.CEILING).add(BigDecimal.ONE);
    }

    /** A line tax of WooCommerce's, kept with four more decimals, in whole öre (half away from zero, as PHP). */
    private static long roundedTax(long scaled) {
        return BigDecimal.valueOf(scaled).movePointLeft(4).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static UnmappableOrderException notRecalculated(OrderLine line, String what) {
        String effective = line.total() == 0 ? "-"
                : plain(BigDecimal.valueOf(line.totalTax()).multiply(HUNDRED)
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

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String plain(BigDecimal value) {
        return canonical(value).toPlainString();
    }
}
