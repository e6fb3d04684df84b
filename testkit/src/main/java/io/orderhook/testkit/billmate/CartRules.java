package io.orderhook.testkit.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Billmate's checks of {@code Articles} and {@code Cart}, with the error codes Billmate answers:
 * 9109 no articles, 9106 a total missing, 9111 totals not integers, 9105/9112 a row without
 * withouttax/taxrate, 9102 totals not equal to the rows, 9114 the rows' tax not equal to
 * {@code Total.tax} (within 1 öre per unit per row), 9113 |rounding| over 50,
 * 9107 {@code withtax != withouttax + tax + rounding}.
 */
public final class CartRules {
    private CartRules() {}

    /** A broken rule: Billmate's code and a message saying what was wrong. */
    public record Violation(String code, String message) {}

    private static final String FREETEXT = "--freetext--";

    /** The first broken rule of a request's data ({@code Articles}, {@code Cart}), if any. */
    public static Optional<Violation> check(JsonNode data) {
        JsonNode articles = data.path("Articles");
        if (!articles.isArray() || articles.isEmpty()) {
            return violation("9109", "Missing articles");
        }
        JsonNode cart = data.path("Cart");
        JsonNode total = cart.path("Total");
        for (String field : new String[] {"withouttax", "tax", "withtax"}) {
            if (total.path(field).isMissingNode() || total.path(field).isNull()) {
                return violation("9106", "Total." + field + " is mandatory");
            }
            if (integer(total.path(field)) == null) {
                return violation("9111", "Total." + field + " must be an integer, was " + total.path(field));
            }
        }
        BigDecimal rows = BigDecimal.ZERO;
        BigDecimal rowTax = BigDecimal.ZERO;
        long tolerance = 0;
        for (int i = 0; i < articles.size(); i++) {
            JsonNode article = articles.get(i);
            if (article.path("title").asText("").isEmpty()) {
                return violation("9004", "Articles[" + i + "].title is mandatory");
            }
            if (FREETEXT.equals(article.path("artnr").asText())) {
                continue;
            }
            BigDecimal withouttax = decimal(article.path("withouttax"));
            if (withouttax == null) {
                return violation("9105", "Articles[" + i + "].withouttax is mandatory");
            }
            BigDecimal taxrate = decimal(article.path("taxrate"));
            if (taxrate == null) {
                return violation("9112", "Articles[" + i + "].taxrate is mandatory");
            }
            BigDecimal quantity = decimal(article.path("quantity"));
            rows = rows.add(withouttax);
            rowTax = rowTax.add(tax(withouttax, taxrate));
            tolerance += quantity == null ? 1 : Math.max(1, quantity.abs().setScale(0, RoundingMode.CEILING).longValue());
        }
        for (String chargeName : new String[] {"Handling", "Shipping"}) {
            JsonNode charge = cart.path(chargeName);
            BigDecimal withouttax = decimal(charge.path("withouttax"));
            if (withouttax != null) {
                BigDecimal taxrate = decimal(charge.path("taxrate"));
                rows = rows.add(withouttax);
                rowTax = rowTax.add(tax(withouttax, taxrate == null ? BigDecimal.ZERO : taxrate));
                tolerance += 1;
            }
        }
        long withouttax = integer(total.path("withouttax"));
        long tax = integer(total.path("tax"));
        long withtax = integer(total.path("withtax"));
        if (rows.compareTo(BigDecimal.valueOf(withouttax)) != 0) {
            return violation("9102", "Total.withouttax " + withouttax + " is not the rows' sum " + rows.toPlainString());
        }
        if (rowTax.subtract(BigDecimal.valueOf(tax)).abs().compareTo(BigDecimal.valueOf(tolerance)) > 0) {
            return violation("9114", "Total.tax " + tax + " is not the rows' tax " + rowTax.toPlainString()
                    + " (within " + tolerance + ")");
        }
        JsonNode roundingNode = total.path("rounding");
        long rounding = 0;
        if (!roundingNode.isMissingNode() && !roundingNode.isNull() && !roundingNode.asText().isEmpty()) {
            BigDecimal value = decimal(roundingNode);
            if (value == null) {
                return violation("9111", "Total.rounding must be a number, was " + roundingNode);
            }
            if (value.abs().compareTo(BigDecimal.valueOf(50)) > 0) {
                return violation("9113", "Rounding " + value.toPlainString() + " is over 50");
            }
            if (value.stripTrailingZeros().scale() > 0) {
                return violation("9111", "Total.rounding must be whole öre, was " + roundingNode);
            }
            rounding = value.longValueExact();
        }
        if (withtax != withouttax + tax + rounding) {
            return violation("9107", "Total.withtax " + withtax + " is not withouttax + tax + rounding = "
                    + (withouttax + tax + rounding));
        }
        return Optional.empty();
    }

    private static BigDecimal tax(BigDecimal withouttax, BigDecimal taxrate) {
        return withouttax.multiply(taxrate).divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_UP);
    }

    private static Optional<Violation> violation(String code, String message) {
        return Optional.of(new Violation(code, message));
    }

    /** Billmate takes numbers as strings or JSON numbers. */
    static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual() && !node.asText().isBlank()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Long integer(JsonNode node) {
        BigDecimal value = decimal(node);
        if (value == null) {
            return null;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
