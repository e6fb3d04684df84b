package io.orderhook.testkit.woocommerce;

/**
 * A coupon the simulated shop knows, applied through {@code coupon_lines: [{"code": ...}]}.
 *
 * @param code   the coupon code (case-insensitive, as in WooCommerce)
 * @param kind   percent of each product line, or a fixed amount spread over the product lines
 * @param amount the percent ("10") or the amount in the shop's currency as the merchant entered it
 *               (with tax when prices include tax)
 */
public record CouponSpec(String code, Kind kind, String amount) {
    public enum Kind { PERCENT, FIXED_CART }

    public static CouponSpec percent(String code, String percent) {
        return new CouponSpec(code, Kind.PERCENT, percent);
    }

    public static CouponSpec fixedCart(String code, String amount) {
        return new CouponSpec(code, Kind.FIXED_CART, amount);
    }
}
