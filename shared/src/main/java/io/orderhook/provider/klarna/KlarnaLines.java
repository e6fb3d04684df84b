package io.orderhook.provider.klarna;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.orderhook.order.Money;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
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
 *
 * <p>{@link KlarnaOrderLines} maps the order's rows, {@link KlarnaCredit} a refund, and
 * {@link KlarnaTax} holds Klarna's tax rule.
 */
public record KlarnaLines(List<KlarnaLine> lines, long amount, TaxSplit split) {

    private static final int MAX_TEXT = 255;

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
        KlarnaOrderLines mapping = KlarnaOrderLines.of(order);
        List<KlarnaLine> lines = new ArrayList<>(mapping.lines());
        TaxSplit left = mapping.charged();
        long refunded = 0;
        for (Refund refund : oldestFirst(refundsBeforeActivation)) {
            if (refund.amount() == 0) {
                continue; // WooCommerce's own 0.00 "Order fully refunded." moves nothing
            }
            KlarnaCredit credit = KlarnaCredit.of(mapping, refund, left);
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
        KlarnaOrderLines mapping = KlarnaOrderLines.of(order);
        KlarnaCredit credit = KlarnaCredit.of(mapping, refund, mapping.charged().minus(creditedBefore));
        return new KlarnaLines(credit.lines(), refund.amount(), credit.split());
    }

    /** What the order's lines charge at each rate, net and tax (a rounding line at rate 0). */
    public static TaxSplit charged(OrderSnapshot order) {
        return KlarnaOrderLines.of(order).charged();
    }

    /** The lines as Klarna's {@code order_lines} array. */
    public void writeTo(ArrayNode array) {
        lines.forEach(line -> line.writeTo(array.addObject()));
    }

    // ---- small pieces -------------------------------------------------------------------------

    /** What {@code lines} move at each rate, net and tax. */
    static TaxSplit splitOf(List<KlarnaLine> lines) {
        Map<BigDecimal, TaxSplit.Part> parts = new LinkedHashMap<>();
        lines.forEach(line -> parts.merge(line.ratePercent(), new TaxSplit.Part(line.net(), line.totalTaxAmount()),
                TaxSplit.Part::plus));
        return new TaxSplit(parts);
    }

    private static List<Refund> oldestFirst(List<Refund> refunds) {
        List<Refund> sorted = new ArrayList<>(refunds);
        if (sorted.stream().allMatch(r -> r.refundId().matches("[0-9]{1,18}"))) {
            sorted.sort(Comparator.comparingLong(r -> Long.parseLong(r.refundId())));
        }
        return sorted;
    }

    /** Klarna's names and references take at most 255 characters. */
    static String text(String value) {
        if (value.codePointCount(0, value.length()) <= MAX_TEXT) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, MAX_TEXT));
    }
}
