package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * (creditPayment with partcredit), in öre/cents.
 *
 * <p>Billmate's rules, each with the error code it answers when broken: every amount an integer
 * (9111); {@code Total.withouttax} equals the rows plus Shipping and Handling (9102); the rows'
 * tax ({@code withouttax * taxrate / 100}) equals {@code Total.tax} within 1 öre per unit per row;
 * {@code withtax = withouttax + tax + rounding} (9107) with {@code |rounding| <= 50} (9113).
 *
 * <p>Rows take the shop's own amounts: {@code withouttax} is the line's total after coupons (so a
 * coupon shows as the row's discount percentage and is never added twice), {@code Total.tax} is
 * the shop's rounded tax and {@code Total.withtax} the shop's grand total, so the customer is
 * charged exactly what the shop shows. Each row's tax rate is derived from its totals and snapped
 * to the order's real rates (Billmate wants 25, not 24.98).
 */
public record BillmateCart(List<Article> articles, Optional<Charge> shipping, Optional<Charge> handling, Total total) {

    public BillmateCart {
        articles = List.copyOf(articles);
    }

    /**
     * @param quantity   units, decimal where the shop sells by weight or length
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

    /** 25, 7.7, 12.5: no trailing zeros and no exponent, so equal rates are equal records. */
    static BigDecimal canonical(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public record Total(long withouttax, long tax, long rounding, long withtax) {}

    /** Billmate's largest allowed {@code Cart.Total.rounding} (9113). */
    public static final long MAX_ROUNDING = 50;

    /** The order cannot be expressed as a Billmate cart; the message says why and what to do. */
    public static final class UnmappableOrderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnmappableOrderException(String message) {
            super(message);
        }
    }

    /** The whole order, for updatePayment. */
    public static BillmateCart forOrder(OrderSnapshot order) {
        requireHundredths(order.currency());
        List<OrderLine> lines = order.lines().stream().filter(l -> l.kind() != LineKind.COUPON).toList();
        BillmateCart cart = fromLines(lines, order.taxRates(), order.total(), "order " + order.orderId());
        if (Math.abs(cart.total().rounding()) > MAX_ROUNDING) {
            throw new UnmappableOrderException("Order " + order.orderId() + ": the order total "
                    + Money.format(order.total(), 2) + " differs from the sum of its lines and taxes by "
                    + Money.format(cart.total().rounding(), 2) + ", more than Billmate accepts (0.50). "
                    + "Recalculate the order's totals in WooCommerce and save it again.");
        }
        return cart;
    }

    /** The order less refunds made before activation: each taken off as negative rows per tax rate. */
    public static BillmateCart forReservation(OrderSnapshot order, List<Refund> refundsBeforeActivation) {
        BillmateCart cart = forOrder(order);
        if (refundsBeforeActivation.isEmpty()) {
            return cart;
        }
        List<Article> articles = new ArrayList<>(cart.articles());
        long withouttax = cart.total().withouttax();
        long tax = cart.total().tax();
        long withtax = cart.total().withtax();
        for (Refund refund : refundsBeforeActivation) {
            BillmateCart off = amountSplitOverRates(order, refund);
            for (Article a : off.articles()) {
                articles.add(new Article(a.artnr(), a.title(), a.quantity(), -a.aprice(), a.taxrate(), a.discount(),
                        -a.withouttax()));
            }
            withouttax -= off.total().withouttax();
            tax -= off.total().tax();
            withtax -= off.total().withtax();
        }
        return new BillmateCart(articles, cart.shipping(), cart.handling(),
                new Total(withouttax, tax, withtax - withouttax - tax, withtax));
    }

    /** A part credit of {@code refund}, given what earlier credits returned per rate. */
    public static BillmateCart forRefund(OrderSnapshot order, Refund refund, TaxSplit creditedBefore) {
        return forRefund(order, refund);
    }

    /** What the order charged per tax rate. */
    public static TaxSplit charged(OrderSnapshot order) {
        Map<BigDecimal, TaxSplit.Part> byRate = new LinkedHashMap<>();
        for (OrderLine line : order.lines()) {
            if (line.kind() == LineKind.COUPON) {
                continue;
            }
            BigDecimal rate = snappedRate(line, order.taxRates(), "order " + order.orderId());
            byRate.merge(rate, new TaxSplit.Part(line.total(), line.totalTax()), TaxSplit.Part::plus);
        }
        return new TaxSplit(byRate);
    }

    /** What this cart moves per tax rate: each row's net, and Total.tax shared by the rows' tax. */
    public TaxSplit split() {
        Map<BigDecimal, Long> net = new LinkedHashMap<>();
        articles.forEach(a -> net.merge(a.taxrate(), a.withouttax(), Long::sum));
        shipping.ifPresent(c -> net.merge(c.taxrate(), c.withouttax(), Long::sum));
        handling.ifPresent(c -> net.merge(c.taxrate(), c.withouttax(), Long::sum));
        Map<BigDecimal, TaxSplit.Part> parts = new LinkedHashMap<>();
        long taxLeft = total.tax();
        List<Map.Entry<BigDecimal, Long>> entries = new ArrayList<>(net.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            BigDecimal rate = entries.get(i).getKey();
            long n = entries.get(i).getValue();
            long t = i == entries.size() - 1 ? taxLeft
                    : BigDecimal.valueOf(n).multiply(rate).divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValue();
            taxLeft -= t;
            parts.put(rate, new TaxSplit.Part(n, t));
        }
        return new TaxSplit(parts);
    }

    /**
     * The refunded rows, for a part credit. When the merchant refunded an amount without rows,
     * or an amount that does not match the rows, the amount is split over the order's tax rates
     * in proportion to what the order charged at each rate.
     */
    public static BillmateCart forRefund(OrderSnapshot order, Refund refund) {
        requireHundredths(order.currency());
        if (refund.amount() <= 0) {
            throw new UnmappableOrderException("Refund " + refund.refundId() + " of order " + order.orderId()
                    + " has no positive amount; there is nothing to credit.");
        }
        List<OrderLine> lines = refund.lines().stream()
                .filter(l -> l.kind() != LineKind.COUPON && (l.total() != 0 || l.totalTax() != 0)).toList();
        if (!lines.isEmpty()) {
            BillmateCart cart = fromLines(lines, order.taxRates(), refund.amount(), "refund " + refund.refundId());
            if (Math.abs(cart.total().rounding()) <= MAX_ROUNDING) {
                return cart;
            }
        }
        return amountSplitOverRates(order, refund);
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

    private static BillmateCart fromLines(List<OrderLine> lines, List<TaxRate> rates, long withtax, String what) {
        List<OrderLine> shippingLines = lines.stream().filter(l -> l.kind() == LineKind.SHIPPING).toList();
        // Cart.Shipping holds one charge at one rate; several shipping lines become rows.
        boolean shippingAsCharge = shippingLines.size() == 1;
        List<Article> articles = new ArrayList<>();
        Optional<Charge> shipping = Optional.empty();
        long withouttax = 0;
        long tax = 0;
        for (OrderLine line : lines) {
            BigDecimal rate = snappedRate(line, rates, what);
            withouttax += line.total();
            tax += line.totalTax();
            if (line.kind() == LineKind.SHIPPING && shippingAsCharge) {
                shipping = Optional.of(new Charge(line.total(), rate));
            } else {
                articles.add(article(line, rate));
            }
        }
        return new BillmateCart(articles, shipping, Optional.empty(),
                new Total(withouttax, tax, withtax - withouttax - tax, withtax));
    }

    private static Article article(OrderLine line, BigDecimal rate) {
        // A refund of an amount on a row without units still needs one unit at Billmate.
        BigDecimal quantity = line.quantity().signum() == 0 ? BigDecimal.ONE : line.quantity().abs();
        long before = line.kind() == LineKind.PRODUCT ? line.subtotal() : line.total();
        BigDecimal discount = BigDecimal.ZERO;
        if (before > 0 && line.total() >= 0 && line.total() < before) {
            discount = BigDecimal.valueOf(before - line.total()).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(before), 2, RoundingMode.HALF_UP);
        } else {
            before = line.total();
        }
        long aprice = BigDecimal.valueOf(before).divide(quantity, 0, RoundingMode.HALF_UP)
                .longValueExact();
        String artnr = line.sku().isBlank() ? kindArticleNumber(line.kind()) : line.sku();
        return new Article(BillmateText.latin1(artnr, 255), BillmateText.latin1(line.name(), 255),
                quantity, aprice, rate, discount.stripTrailingZeros(), line.total());
    }

    private static String kindArticleNumber(LineKind kind) {
        return switch (kind) {
            case SHIPPING -> "shipping";
            case FEE -> "fee";
            default -> "";
        };
    }

    /**
     * The rate that explains the line's tax: among 0, each of the order's rates and the sum of the
     * line's own rates, the one whose tax on the line's total is nearest the shop's. A line whose
     * tax fits none of them (within 1 öre per unit) was saved without recalculating taxes.
     */
    static BigDecimal snappedRate(OrderLine line, List<TaxRate> rates, String what) {
        Map<String, TaxRate> byId = new HashMap<>();
        rates.forEach(r -> byId.put(r.rateId(), r));
        List<BigDecimal> candidates = new ArrayList<>();
        candidates.add(BigDecimal.ZERO);
        BigDecimal ownSum = BigDecimal.ZERO;
        boolean hasOwn = false;
        for (LineTax lineTax : line.taxes()) {
            TaxRate rate = byId.get(lineTax.rateId());
            if (rate != null && lineTax.amount() != 0) {
                ownSum = ownSum.add(rate.percent());
                hasOwn = true;
            }
        }
        if (hasOwn) {
            candidates.add(ownSum);
        }
        rates.forEach(r -> candidates.add(r.percent()));

        if (line.total() == 0) {
            return hasOwn ? ownSum.stripTrailingZeros() : BigDecimal.ZERO;
        }
        BigDecimal total = BigDecimal.valueOf(line.total());
        BigDecimal shopTax = BigDecimal.valueOf(line.totalTax());
        BigDecimal best = null;
        BigDecimal bestError = null;
        for (BigDecimal candidate : candidates) {
            BigDecimal error = total.multiply(candidate).divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_UP)
                    .subtract(shopTax).abs();
            if (bestError == null || error.compareTo(bestError) < 0) {
                best = candidate;
                bestError = error;
            }
        }
        BigDecimal tolerance = line.quantity().abs().max(BigDecimal.ONE).setScale(0, RoundingMode.CEILING).add(BigDecimal.ONE);
        if (bestError.compareTo(tolerance) > 0) {
            BigDecimal effective = shopTax.multiply(BigDecimal.valueOf(100)).divide(total, 2, RoundingMode.HALF_UP);
            throw new UnmappableOrderException("In " + what + ", the line \"" + line.name() + "\" has tax "
                    + Money.format(line.totalTax(), 2) + " on " + Money.format(line.total(), 2) + " (" + plain(effective)
                    + "%), which matches none of the order's tax rates " + ratesText(rates)
                    + ". Press \"Recalculate\" on the order in WooCommerce and save it again.");
        }
        return best.stripTrailingZeros();
    }

    /** Amount-only refunds: one credit row per tax rate, proportional to the order's charges at that rate. */
    private static BillmateCart amountSplitOverRates(OrderSnapshot order, Refund refund) {
        Map<BigDecimal, Long> chargedByRate = new LinkedHashMap<>();
        long charged = 0;
        for (OrderLine line : order.lines()) {
            if (line.kind() == LineKind.COUPON) {
                continue;
            }
            BigDecimal rate = snappedRate(line, order.taxRates(), "order " + order.orderId());
            long withTax = line.total() + line.totalTax();
            chargedByRate.merge(rate, withTax, Long::sum);
            charged += withTax;
        }
        if (charged <= 0) {
            throw new UnmappableOrderException("Order " + order.orderId()
                    + " has no charged lines to credit refund " + refund.refundId() + " against.");
        }
        List<Map.Entry<BigDecimal, Long>> parts = chargedByRate.entrySet().stream().filter(e -> e.getValue() > 0).toList();
        String title = BillmateText.latin1(refund.reason().isBlank() ? "Refund" : "Refund: " + refund.reason(), 255);
        List<Article> articles = new ArrayList<>();
        long left = refund.amount();
        long withouttax = 0;
        for (int i = 0; i < parts.size(); i++) {
            BigDecimal rate = parts.get(i).getKey();
            long share = i == parts.size() - 1 ? left
                    : BigDecimal.valueOf(refund.amount()).multiply(BigDecimal.valueOf(parts.get(i).getValue()))
                            .divide(BigDecimal.valueOf(charged), 0, RoundingMode.HALF_UP).longValueExact();
            left -= share;
            long net = BigDecimal.valueOf(share).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(100).add(rate), 0, RoundingMode.HALF_UP).longValueExact();
            articles.add(new Article("refund", title, BigDecimal.ONE, net, rate.stripTrailingZeros(), BigDecimal.ZERO, net));
            withouttax += net;
        }
        long tax = refund.amount() - withouttax;
        return new BillmateCart(articles, Optional.empty(), Optional.empty(),
                new Total(withouttax, tax, 0, refund.amount()));
    }

    private static void requireHundredths(String currency) {
        if (Money.decimals(currency) != 2) {
            throw new UnmappableOrderException("Billmate takes amounts in hundredths of the currency; "
                    + currency + " has " + Money.decimals(currency) + " decimals and cannot be sent to Billmate.");
        }
    }

    private static String ratesText(List<TaxRate> rates) {
        if (rates.isEmpty()) {
            return "(none)";
        }
        return String.join(", ", rates.stream().map(r -> plain(r.percent()) + "%").toList());
    }

    static String plain(BigDecimal value) {
        return canonical(value).toPlainString();
    }
}
