package io.orderhook.testkit.billmate;

import static io.orderhook.testkit.billmate.BillmateFields.absent;
import static io.orderhook.testkit.billmate.BillmateFields.decimal;
import static io.orderhook.testkit.billmate.BillmateFields.integer;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Billmate's checks of a request's {@code Articles} and {@code Cart}, with the error codes Billmate
 * answers, as the API pages state them (Snippets-Request.md, API-Error-codes.md, Data-types.md,
 * creditPayment.md): the totals, the charges and the rows adding up to them; each row's own rules
 * are {@link ArticleRules}', {@code PaymentData} and {@code Customer} are {@link PaymentDataRules}',
 * the VAT a cart books is {@link CartVat}'s. Where a page is silent or ambiguous, the stricter
 * reading is taken and marked "Choice:" below; docs/PROVIDERS.md lists every rule with where the
 * client honours it.
 *
 * <p>Written from the documents for the sandbox; it shares no code with the client's cart mapping
 * ({@code io.orderhook.provider.billmate.BillmateCart}), so a misreading in one shows as a refusal.
 */
public final class CartRules {
    private CartRules() {}

    /** A broken rule: Billmate's code and a message saying what was wrong. */
    public record Violation(String code, String message) {}

    /** A Swedish account's standard VAT rates: the only rates a discount (negative) row may have. */
    public static final Set<BigDecimal> SWEDISH_STANDARD_RATES = Set.of(
            BigDecimal.ZERO, BigDecimal.valueOf(6), BigDecimal.valueOf(12), BigDecimal.valueOf(25));

    /** Data-types: strings are at most 255 characters unless a field says otherwise. */
    public static final int MAX_STRING = 255;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The first broken rule of a request's {@code Articles} and {@code Cart}, for a Swedish account. */
    public static Optional<Violation> check(JsonNode data) {
        return check(data, SWEDISH_STANDARD_RATES);
    }

    /**
     * The first broken rule of a request's {@code Articles} and {@code Cart}, in this order:
     * strings over 255 characters; 9109 no articles; 9106 a total missing; 9111 a total not an
     * integer; per row 9004 no title, 9105 no withouttax, 9112 no (or an impossible) tax rate,
     * 9111 öre amounts with decimals, a discount row at a rate that is not a standard rate of the
     * account, impossible quantity, discount or unit; 9102 the rows not adding up to
     * {@code Total.withouttax} or a row whose withouttax is not its aprice, quantity and discount;
     * 9114 the rows' tax not {@code Total.tax} within 1 öre per unit per row; 9113 rounding over
     * 50 öre; 9107 {@code withtax != withouttax + tax + rounding}.
     */
    public static Optional<Violation> check(JsonNode data, Set<BigDecimal> standardRates) {
        Optional<Violation> tooLong = longString(data, "data");
        if (tooLong.isPresent()) {
            return tooLong;
        }
        JsonNode articles = data.path("Articles");
        if (!articles.isArray() || articles.isEmpty()) {
            return violation("9109", "Missing articles");
        }
        JsonNode cart = data.path("Cart");
        JsonNode total = cart.path("Total");
        for (String field : new String[] {"withouttax", "tax", "withtax"}) {
            if (absent(total.path(field))) {
                return violation("9106", "Cart.Total." + field + " is mandatory");
            }
            if (integer(total.path(field)) == null) {
                return violation("9111", "Cart.Total." + field + " must be an integer, was " + total.path(field));
            }
        }
        BigDecimal rows = BigDecimal.ZERO;
        BigDecimal rowTax = BigDecimal.ZERO;
        BigDecimal tolerance = BigDecimal.ZERO;
        boolean priced = false;
        for (int i = 0; i < articles.size(); i++) {
            JsonNode article = articles.get(i);
            String at = "Articles[" + i + "]";
            Optional<Violation> row = ArticleRules.check(article, at, standardRates);
            if (row.isPresent()) {
                return row;
            }
            if (ArticleRules.freeText(article)) {
                continue;
            }
            priced = true;
            BigDecimal withouttax = decimal(article.path("withouttax"));
            BigDecimal taxrate = decimal(article.path("taxrate"));
            BigDecimal quantity = absent(article.path("quantity")) ? BigDecimal.ONE : decimal(article.path("quantity"));
            rows = rows.add(withouttax);
            rowTax = rowTax.add(withouttax.multiply(taxrate).divide(HUNDRED));
            // Choice: "1 öre per quantity per article row" read as one öre per unit, at least one per row.
            tolerance = tolerance.add(quantity.abs().max(BigDecimal.ONE));
        }
        if (!priced) {
            // Choice: "at least one article is required to add up to total.withouttax": free text only is none.
            return violation("9109", "Missing articles: only free-text rows");
        }
        for (String chargeName : new String[] {"Handling", "Shipping"}) {
            JsonNode charge = cart.path(chargeName);
            if (absent(charge.path("withouttax"))) {
                continue;
            }
            if (integer(charge.path("withouttax")) == null) {
                // Choice: "dec" on the page, but it is öre like every other amount.
                return violation("9111", "Cart." + chargeName + ".withouttax must be whole öre, was " + charge.path("withouttax"));
            }
            BigDecimal taxrate = decimal(charge.path("taxrate"));
            if (taxrate == null || taxrate.signum() < 0) {
                // Choice: the page marks taxrate optional; a charge without it has no VAT Billmate can know.
                return violation("9112", "Cart." + chargeName + ".taxrate is mandatory with a withouttax");
            }
            BigDecimal withouttax = decimal(charge.path("withouttax"));
            rows = rows.add(withouttax);
            rowTax = rowTax.add(withouttax.multiply(taxrate).divide(HUNDRED));
            tolerance = tolerance.add(BigDecimal.ONE);
        }
        long withouttax = integer(total.path("withouttax"));
        long tax = integer(total.path("tax"));
        long withtax = integer(total.path("withtax"));
        if (rows.compareTo(BigDecimal.valueOf(withouttax)) != 0) {
            return violation("9102", "Cart.Total.withouttax " + withouttax + " is not the rows' sum " + rows.toPlainString());
        }
        if (rowTax.subtract(BigDecimal.valueOf(tax)).abs().compareTo(tolerance) > 0) {
            return violation("9114", "Cart.Total.tax " + tax + " is not the rows' tax " + rowTax.toPlainString()
                    + " (within " + tolerance.toPlainString() + ")");
        }
        JsonNode roundingNode = total.path("rounding");
        long rounding = 0;
        if (!absent(roundingNode) && !roundingNode.asText().isEmpty()) {
            BigDecimal value = decimal(roundingNode);
            if (value == null) {
                return violation("9111", "Cart.Total.rounding must be a number, was " + roundingNode);
            }
            if (value.abs().compareTo(BigDecimal.valueOf(50)) > 0) {
                return violation("9113", "Rounding " + value.toPlainString() + " is over 50");
            }
            if (value.stripTrailingZeros().scale() > 0) {
                // Choice: "dec" on the page, but withtax = withouttax + tax + rounding holds in whole öre only.
                return violation("9111", "Cart.Total.rounding must be whole öre, was " + roundingNode);
            }
            rounding = value.longValueExact();
        }
        if (withtax != withouttax + tax + rounding) {
            return violation("9107", "Cart.Total.withtax " + withtax + " is not withouttax + tax + rounding = "
                    + (withouttax + tax + rounding));
        }
        return Optional.empty();
    }

    /** Data-types: every string at most 255 characters. Choice: 9005, as no code is documented. */
    static Optional<Violation> longString(JsonNode node, String path) {
        if (node.isTextual() && node.asText().length() > MAX_STRING) {
            return violation("9005", path + " is " + node.asText().length() + " characters; Billmate takes at most "
                    + MAX_STRING);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<Violation> inner = longString(node.get(i), path + "[" + i + "]");
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                Optional<Violation> inner = longString(field.getValue(), path + "." + field.getKey());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Violation> violation(String code, String message) {
        return Optional.of(new Violation(code, message));
    }
}
