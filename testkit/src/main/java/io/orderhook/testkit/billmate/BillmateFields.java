package io.orderhook.testkit.billmate;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How Billmate reads a request's fields (Data-types.md): numbers come as strings or as JSON
 * numbers, and a field is absent whether it is left out or null.
 */
final class BillmateFields {
    private BillmateFields() {}

    /** The field as a number, or null when it is absent, blank or not a number. */
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

    /** The field as a whole number, or null when it is not one. */
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

    static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }
}
