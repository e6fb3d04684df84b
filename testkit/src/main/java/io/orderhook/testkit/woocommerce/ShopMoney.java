package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one place where the simulator converts WooCommerce decimal strings to minor units and
 * back. Taxes are kept with four more decimals than the currency ("tax units", minor × 10,000)
 * because WooCommerce stores line taxes unrounded when it rounds at subtotal level.
 */
record ShopMoney(int decimals) {
    static final long TAX_UNITS_PER_MINOR = 10_000;

    /** "199", "199.5", "199.00" or a JSON number -> minor units, rounded half away from zero like PHP. */
    long parse(String amount) {
        try {
            return new BigDecimal(amount.trim()).movePointRight(decimals).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RestError(400, "rest_invalid_param", "Invalid amount: " + amount);
        }
    }

    long parse(JsonNode amount) {
        if (amount.isNumber()) {
            return amount.decimalValue().movePointRight(decimals).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
        return parse(amount.asText());
    }

    /** Minor units -> "199.00". */
    String format(long minor) {
        return BigDecimal.valueOf(minor, decimals).toPlainString();
    }

    /** Minor units as a JSON-number-friendly decimal (the read-only {@code price} field is a number). */
    BigDecimal asNumber(long minor) {
        BigDecimal value = BigDecimal.valueOf(minor, decimals).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    static long toTaxUnits(long minor) {
        return minor * TAX_UNITS_PER_MINOR;
    }

    /** Tax units -> minor units, half away from zero as PHP's round(). */
    static long roundTax(long taxUnits) {
        long half = TAX_UNITS_PER_MINOR / 2;
        return taxUnits >= 0 ? (taxUnits + half) / TAX_UNITS_PER_MINOR : -((-taxUnits + half) / TAX_UNITS_PER_MINOR);
    }
}
