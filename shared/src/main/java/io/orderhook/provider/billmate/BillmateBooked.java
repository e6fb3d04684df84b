package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.TaxSplit;

/**
 * What a payment's cart booked at each tax rate, net and tax, read from getPaymentinfo's answer.
 * The shop's checkout plugin builds the reservation's cart, not orderhook, so its VAT per rate can
 * differ from the order's {@code tax_lines}: Billmate books each row's own VAT, and the plugin
 * sends the shop's {@code total_tax} as {@code Total.tax}. Credits must return what was booked.
 *
 * <p>getPaymentinfo answers every article with its own {@code tax} (Get-payment-info.md: 2468 at
 * 25 % has 617, 178857 has 44714). {@code Cart.Handling} and {@code Cart.Shipping} come without
 * one: they are booked as rows ({@link BillmateCart#vatOf}; the page's 1000 and 3000 at 25 % are
 * 250 and 750, which with the articles' make {@code Total.tax} 46331). {@code Total.rounding}, and
 * whatever {@code Total.tax} differs from the rows' VAT, is money at no rate: rate 0.
 */
public final class BillmateBooked {
    private BillmateBooked() {}

    private static final String FREETEXT = "--freetext--";

    /**
     * The booked split of getPaymentinfo's {@code data}; empty when the answer does not tell it:
     * no articles, an article without its own {@code tax} (then orderhook does not know how
     * Billmate rounded the rows' VAT), or amounts that are not whole öre or do not add up to
     * {@code Total.withtax}.
     */
    public static Optional<TaxSplit> from(JsonNode paymentinfo) {
        JsonNode articles = paymentinfo.path("Articles");
        JsonNode total = paymentinfo.path("Cart").path("Total");
        Optional<Long> totalTax = whole(total.path("tax"));
        Optional<Long> withtax = whole(total.path("withtax"));
        if (!articles.isArray() || articles.isEmpty() || totalTax.isEmpty() || withtax.isEmpty()) {
            return Optional.empty();
        }
        VatPerRow booked = new VatPerRow();
        for (JsonNode article : articles) {
            if (FREETEXT.equals(article.path("artnr").asText()) || absent(article.path("withouttax"))) {
                continue; // a line of text, no money
            }
            Optional<Long> net = whole(article.path("withouttax"));
            Optional<BigDecimal> rate = decimal(article.path("taxrate"));
            Optional<Long> tax = whole(article.path("tax"));
            if (net.isEmpty() || rate.isEmpty() || tax.isEmpty()) {
                return Optional.empty();
            }
            booked.add(net.get(), rate.get(), tax.get());
        }
        for (String name : new String[] {"Handling", "Shipping"}) {
            JsonNode charge = paymentinfo.path("Cart").path(name);
            if (absent(charge.path("withouttax"))) {
                continue;
            }
            Optional<Long> net = whole(charge.path("withouttax"));
            Optional<BigDecimal> rate = absent(charge.path("taxrate")) ? Optional.of(BigDecimal.ZERO)
                    : decimal(charge.path("taxrate"));
            if (net.isEmpty() || rate.isEmpty()) {
                return Optional.empty();
            }
            booked.add(net.get(), rate.get());
        }
        Optional<Long> rounding = absent(total.path("rounding")) ? Optional.of(0L) : whole(total.path("rounding"));
        if (rounding.isEmpty()) {
            return Optional.empty();
        }
        TaxSplit split = booked.split(totalTax.get(), rounding.get());
        return split.withTax() == withtax.get() ? Optional.of(split) : Optional.empty();
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull() || (node.isTextual() && node.asText().isBlank());
    }

    /** Billmate answers numbers as strings ("617"), sometimes as JSON numbers. */
    private static Optional<BigDecimal> decimal(JsonNode node) {
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (node.isTextual()) {
            try {
                return Optional.of(new BigDecimal(node.asText().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> whole(JsonNode node) {
        return decimal(node).flatMap(value -> {
            try {
                return Optional.of(value.longValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        });
    }
}
