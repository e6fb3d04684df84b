package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
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
 * small "VAT adjustment" rows of that rate carry the difference ({@link VatAdjustment#withExactVat}).
 *
 * <p>The work is divided: {@link OrderRows} reads the order into rows per rate ({@link SpreadLine}
 * for a line WooCommerce spread over several rates), {@link ReservationCart} takes refunds made
 * before activation off them, {@link RefundPlan} plans a credit against what is left per rate,
 * and {@link CartBuilder} turns the rows into articles after {@link VatAdjustment} has made their
 * VAT exact.
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
        return ReservationCart.of(order, refundsBeforeActivation);
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
     *     rounding, {@link RefundPlan#noRateRows}).</li>
     * </ul>
     * Articles are never empty (9109): a shipping-only or fee-only refund becomes article rows.
     *
     * @param booked what the payment's cart booked at each rate ({@link BillmateBooked}), which for
     *               a cart the shop's checkout plugin built can differ from the order's tax lines
     * @throws UnmappableOrderException for a refund of nothing ({@link #isNothingToCredit}), one
     *         larger than what is left, or an order Billmate cannot take
     */
    public static BillmateCart forRefund(OrderSnapshot order, Refund refund, TaxSplit creditedBefore, TaxSplit booked) {
        RefundPlan plan = RefundPlan.of(OrderRows.of(order), refund, booked.minus(creditedBefore));
        return CartBuilder.build(plan.rows(), plan.split(), refund.amount(), RefundPlan.what(refund, order));
    }

    /**
     * What the order charged at each rate, net and tax: the rows' nets per rate and the shop's tax
     * per rate ({@code tax_lines}: {@code tax_total + shipping_tax_total}), so that its total tax is
     * the order's {@code total_tax} and its sum the order's {@code total}. A difference between the
     * total and net plus tax (a shop's rounding to whole kronor) is not VAT: it sits at rate 0.
     */
    public static TaxSplit charged(OrderSnapshot order) {
        return OrderRows.of(order).charged();
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
        VatPerRow booked = new VatPerRow();
        articles.forEach(article -> booked.add(article.withouttax(), article.taxrate()));
        charges().forEach(charge -> booked.add(charge.withouttax(), charge.taxrate()));
        return booked.split(total.tax(), total.rounding());
    }

    /** {@code Cart.Handling} and {@code Cart.Shipping}, those the cart has. */
    List<Charge> charges() {
        return Stream.of(handling, shipping).flatMap(Optional::stream).toList();
    }

    /**
     * One row's VAT as Billmate books it: {@code withouttax * taxrate / 100} in whole öre, half away
     * from zero. The documents' examples cannot tell half up from half even (44714.25); Billmate's
     * own PHP modules round each row's tax with PHP's {@code round()}, which rounds half away from
     * zero (the PrestaShop module's {@code prepareArticles}), and Billmate's server works in PHP
     * (a request's hash is over PHP's {@code json_encode}).
     */
    public static long vatOf(long withouttax, BigDecimal taxrate) {
        return exactVat(withouttax, taxrate).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** A row's VAT before Billmate rounds it: {@code withouttax * taxrate / 100}. */
    static BigDecimal exactVat(long withouttax, BigDecimal taxrate) {
        return BigDecimal.valueOf(withouttax).multiply(taxrate).movePointLeft(2);
    }

    static String plain(BigDecimal value) {
        return canonical(value).toPlainString();
    }
}
