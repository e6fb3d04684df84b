package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.orderhook.testkit.woocommerce.ShopOrder.Item;

/**
 * WooCommerce's coupon discounts (WC_Discounts): percent coupons per line, fixed-cart coupons
 * spread over the lines in proportion to what is left of each, rounding cents handed out one by
 * one; then each coupon row's share of the order's discount.
 */
final class CouponDiscounts {
    private CouponDiscounts() {}

    /** Discount per product line in the line's price basis (gross when the price includes tax). */
    static long[] applyCoupons(ShopRules rules, List<Item> coupons, long[] basis) {
        long[] discount = new long[basis.length];
        for (Item coupon : coupons) {
            CouponSpec spec = rules.coupon(coupon.couponCode).orElseThrow(() -> new RestError(400,
                    "woocommerce_rest_invalid_coupon", "Coupon \"" + coupon.couponCode + "\" does not exist!"));
            long[] remaining = new long[basis.length];
            long remainingTotal = 0;
            for (int i = 0; i < basis.length; i++) {
                remaining[i] = basis[i] - discount[i];
                remainingTotal += remaining[i];
            }
            long given = 0;
            if (spec.kind() == CouponSpec.Kind.PERCENT) {
                BigDecimal percent = new BigDecimal(spec.amount());
                for (int i = 0; i < basis.length; i++) {
                    long share = Math.min(remaining[i], BigDecimal.valueOf(basis[i]).multiply(percent)
                            .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValueExact());
                    discount[i] += share;
                    given += share;
                }
            } else if (remainingTotal > 0) {
                long amount = Math.min(rules.money().parse(spec.amount()), remainingTotal);
                for (int i = 0; i < basis.length; i++) {
                    long share = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(remaining[i]))
                            .divide(BigDecimal.valueOf(remainingTotal), 0, RoundingMode.DOWN).longValueExact();
                    discount[i] += share;
                    given += share;
                }
                // WooCommerce hands the cents lost to rounding out one by one, line by line.
                for (int i = 0; given < amount; i = (i + 1) % basis.length) {
                    if (basis[i] - discount[i] > 0) {
                        discount[i]++;
                        given++;
                    }
                }
            }
            coupon.couponBasisDiscount = given;
        }
        return discount;
    }

    /** Splits the order's discount (ex tax and tax) over its coupons in proportion to what each gave. */
    static void allocateCouponAmounts(List<Item> coupons, long discountTotal, long discountTax) {
        long basisTotal = coupons.stream().mapToLong(coupon -> coupon.couponBasisDiscount).sum();
        long exLeft = discountTotal;
        long taxLeft = discountTax;
        for (int i = 0; i < coupons.size(); i++) {
            Item coupon = coupons.get(i);
            if (i == coupons.size() - 1 || basisTotal == 0) {
                coupon.couponDiscount = exLeft;
                coupon.couponDiscountTax = taxLeft;
            } else {
                coupon.couponDiscount = discountTotal * coupon.couponBasisDiscount / basisTotal;
                coupon.couponDiscountTax = discountTax * coupon.couponBasisDiscount / basisTotal;
            }
            exLeft -= coupon.couponDiscount;
            taxLeft -= coupon.couponDiscountTax;
        }
    }
}
