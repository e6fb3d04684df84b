package io.orderhook.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * The one place where decimal amounts become {@code long} minor units (öre/cents) and back.
 * Shops send money as decimal strings ("12.50"); nothing else in orderhook parses money.
 */
public final class Money {
    private Money() {}

    /** Digits after the decimal point in the currency's minor unit: 2 for SEK/EUR, 0 for JPY. */
    public static int decimals(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException | NullPointerException e) {
            // An unknown code still gets the common two decimals rather than failing the order.
            return 2;
        }
    }

    /**
     * "12.50" with 2 decimals -> 1250. More decimals than the currency has are rounded half up
     * (a shop can be set to show more price decimals than its currency has).
     *
     * @throws IllegalArgumentException when the text is not a plain decimal number
     */
    public static long parse(String decimal, int decimals) {
        return toScaled(decimal, decimals);
    }

    /** The same amount with {@code extraDigits} more decimals kept, for unrounded tax splits. */
    public static long parseScaled(String decimal, int decimals, int extraDigits) {
        return toScaled(decimal, decimals + extraDigits);
    }

    /** 1250 with 2 decimals -> "12.50". */
    public static String format(long minor, int decimals) {
        return BigDecimal.valueOf(minor, decimals).toPlainString();
    }

    private static long toScaled(String decimal, int scale) {
        if (decimal == null || decimal.isBlank()) {
            throw new IllegalArgumentException("an amount was expected but the value is empty");
        }
        String text = decimal.trim();
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a decimal amount");
        }
        try {
            return value.setScale(scale, RoundingMode.HALF_UP).movePointRight(scale).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too large for an amount");
        }
    }
}
