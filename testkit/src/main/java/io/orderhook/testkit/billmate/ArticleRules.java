package io.orderhook.testkit.billmate;

import static io.orderhook.testkit.billmate.BillmateFields.absent;
import static io.orderhook.testkit.billmate.BillmateFields.decimal;
import static io.orderhook.testkit.billmate.BillmateFields.integer;
import static io.orderhook.testkit.billmate.CartRules.violation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.testkit.billmate.CartRules.Violation;

/**
 * Billmate's checks of one row of a request's {@code Articles} (Snippets-Request.md, Data-types.md,
 * creditPayment.md): a free-text row carries a title only; a priced row whole-öre amounts, a tax
 * rate, a possible quantity, discount and unit, and a {@code withouttax} that is its aprice,
 * quantity and discount. {@link CartRules} checks the rows against the cart's totals.
 */
final class ArticleRules {
    private ArticleRules() {}

    /** Article.unit's enum; "" is listed too. */
    private static final Set<String> UNITS = Set.of("dag", "km", "kr", "pkt", "st", "tim", "m", "ton", "m2", "m3",
            "kbm", "pall", "kolli", "mil", "l", "kg", "box", "dosa", "", "kvm", "nok", "cm");

    private static final String FREETEXT = "--freetext--";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A free-text row: text on the invoice that moves no money. */
    static boolean freeText(JsonNode article) {
        return FREETEXT.equals(article.path("artnr").asText());
    }

    /**
     * The first broken rule of the row at {@code at} ("Articles[2]"): 9005 not an object, 9004 no
     * title, then a free-text row's or a priced row's own rules.
     *
     * @param standardRates the account's standard VAT rates, the only ones a discount row may have
     */
    static Optional<Violation> check(JsonNode article, String at, Set<BigDecimal> standardRates) {
        if (!article.isObject()) {
            return violation("9005", at + " must be an object");
        }
        if (article.path("title").asText("").isBlank()) {
            // Choice: no code is documented for a missing title; 9004 "Some mandatory parameters are missing".
            return violation("9004", at + ".title is mandatory");
        }
        if (freeText(article)) {
            for (String field : new String[] {"quantity", "aprice", "discount", "taxrate", "withouttax"}) {
                if (article.has(field)) {
                    // Choice: the page says a free-text row "must not have" them, without a code.
                    return violation("9005", at + " is a free-text row and must not have " + field);
                }
            }
            return Optional.empty();
        }
        return checkPriced(article, at, standardRates);
    }

    private static Optional<Violation> checkPriced(JsonNode article, String at, Set<BigDecimal> standardRates) {
        if (absent(article.path("withouttax"))) {
            return violation("9105", at + ".withouttax is mandatory");
        }
        BigDecimal withouttax = decimal(article.path("withouttax"));
        if (withouttax == null || integer(article.path("withouttax")) == null) {
            // Choice: "dec" on the page, but it is in öre; a fraction of an öre cannot be invoiced.
            return violation("9111", at + ".withouttax must be whole öre, was " + article.path("withouttax"));
        }
        if (absent(article.path("taxrate"))) {
            return violation("9112", at + ".taxrate is mandatory");
        }
        BigDecimal taxrate = decimal(article.path("taxrate"));
        if (taxrate == null || taxrate.signum() < 0) {
            return violation("9112", at + ".taxrate must be a percentage, was " + article.path("taxrate"));
        }
        BigDecimal quantity = BigDecimal.ONE;
        if (!absent(article.path("quantity"))) {
            quantity = decimal(article.path("quantity"));
            if (quantity == null || quantity.signum() <= 0) {
                // Choice: amounts carry the sign (creditPayment: discounts have negative aprice and
                // withouttax), so a quantity is a positive number of units.
                return violation("9005", at + ".quantity must be a positive number, was " + article.path("quantity"));
            }
        }
        BigDecimal aprice = null;
        if (!absent(article.path("aprice"))) {
            if (integer(article.path("aprice")) == null) {
                // Choice: "dec" on the page, but it is öre like withouttax.
                return violation("9111", at + ".aprice must be whole öre, was " + article.path("aprice"));
            }
            aprice = decimal(article.path("aprice"));
        }
        BigDecimal discount = BigDecimal.ZERO;
        if (!absent(article.path("discount"))) {
            discount = decimal(article.path("discount"));
            if (discount == null || discount.signum() < 0 || discount.compareTo(HUNDRED) > 0) {
                return violation("9005", at + ".discount must be a percentage from 0 to 100, was " + article.path("discount"));
            }
        }
        if (article.has("unit") && !UNITS.contains(article.path("unit").asText())) {
            return violation("9005", at + ".unit " + article.path("unit") + " is not one of Billmate's units");
        }
        if (withouttax.signum() < 0) {
            // creditPayment: a discount row has a negative aprice and withouttax, at a standard tax
            // rate of the account ("6%, 12%, 25%", never a decimal such as 12.6 %).
            if (aprice != null && aprice.signum() > 0) {
                return violation("9005", at + " is a discount row (negative withouttax) with a positive aprice");
            }
            if (standardRates.stream().noneMatch(rate -> rate.compareTo(taxrate) == 0)) {
                // Choice: no code is documented; 9112 is Billmate's code for the row's tax rate.
                return violation("9112", at + " is a discount row at " + taxrate.toPlainString()
                        + " %, which is not a standard tax rate of the account " + standardRates);
            }
        }
        if (aprice != null) {
            // "Amount given will overwrite any errors in rounding of articles row sum": withouttax may
            // differ from aprice * quantity less the discount by rounding, not more. Choice: rounding
            // is half an öre per unit for aprice, the discount's two decimals, and one öre.
            BigDecimal gross = aprice.multiply(quantity);
            BigDecimal expected = gross.multiply(HUNDRED.subtract(discount)).divide(HUNDRED);
            BigDecimal allowed = quantity.multiply(new BigDecimal("0.5"))
                    .add(gross.abs().multiply(new BigDecimal("0.00005"))).add(BigDecimal.ONE);
            if (expected.subtract(withouttax).abs().compareTo(allowed) > 0) {
                return violation("9102", at + ".withouttax " + withouttax.toPlainString() + " is not aprice "
                        + aprice.toPlainString() + " x quantity " + quantity.toPlainString() + " less "
                        + discount.toPlainString() + " % (" + expected.setScale(2, RoundingMode.HALF_UP).toPlainString() + ")");
            }
        }
        return Optional.empty();
    }
}
