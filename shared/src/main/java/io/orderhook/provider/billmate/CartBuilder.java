package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.billmate.BillmateCart.Article;
import io.orderhook.provider.billmate.BillmateCart.Charge;
import io.orderhook.provider.billmate.BillmateCart.Total;
import io.orderhook.provider.billmate.BillmateCart.UnmappableOrderException;

/** Planned rows to Billmate's {@code Articles} and {@code Cart}, checked against Billmate's rules before they leave. */
final class CartBuilder {
    private CartBuilder() {}

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * The cart of rows that moves {@code intended} at each rate, with Billmate's totals:
     * {@code tax} the intended tax, {@code withtax} as given, rounding the difference. One shipping
     * row becomes {@code Cart.Shipping} when other rows remain as articles (a shipping-only cart
     * keeps it as an article: no articles is 9109).
     */
    static BillmateCart build(List<CartRow> plannedRows, TaxSplit intended, long withtax, String what) {
        long tax = intended.tax();
        List<CartRow> rows = VatAdjustment.withExactVat(plannedRows, intended);
        List<CartRow> shippingRows = rows.stream().filter(r -> r.kind() == LineKind.SHIPPING && !r.spread()).toList();
        boolean shippingAsCharge = shippingRows.size() == 1 && rows.size() > 1;
        List<Article> articles = new ArrayList<>();
        Optional<Charge> shipping = Optional.empty();
        long withouttax = 0;
        for (CartRow row : rows) {
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
        if (Math.abs(rounding) > BillmateCart.MAX_ROUNDING) {
            throw new UnmappableOrderException(capitalised(what) + ": the total " + Money.format(withtax, 2)
                    + " differs from the sum of its lines and taxes by " + Money.format(rounding, 2)
                    + ", more than Billmate accepts (0.50). Recalculate the order's totals in WooCommerce and save it again.");
        }
        BillmateCart cart = new BillmateCart(articles, shipping, Optional.empty(),
                new Total(withouttax, tax, rounding, withtax));
        requireRowTaxWithinTolerance(cart, what);
        return cart;
    }

    /** Billmate's 9114: the rows' tax may differ from Total.tax by 1 öre per unit per row. */
    private static void requireRowTaxWithinTolerance(BillmateCart cart, String what) {
        BigDecimal rowTax = BigDecimal.ZERO;
        BigDecimal tolerance = BigDecimal.ZERO;
        for (Article article : cart.articles()) {
            rowTax = rowTax.add(BillmateCart.exactVat(article.withouttax(), article.taxrate()));
            tolerance = tolerance.add(article.quantity().abs().max(BigDecimal.ONE));
        }
        for (Charge charge : cart.charges()) {
            rowTax = rowTax.add(BillmateCart.exactVat(charge.withouttax(), charge.taxrate()));
            tolerance = tolerance.add(BigDecimal.ONE);
        }
        long totalTax = cart.total().tax();
        BigDecimal off = rowTax.subtract(BigDecimal.valueOf(totalTax)).abs();
        if (off.compareTo(tolerance) > 0) {
            throw new UnmappableOrderException(capitalised(what) + ": its tax " + Money.format(totalTax, 2)
                    + " is not the tax of its rows at their rates (" + rowTax.movePointLeft(2).setScale(2, RoundingMode.HALF_UP)
                    + "), which Billmate refuses (9114). Press \"Recalculate\" on the order in WooCommerce and save it again.");
        }
    }

    private static Article article(CartRow row) {
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

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
