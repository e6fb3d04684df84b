package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.orderhook.order.OrderLine.LineKind;

/**
 * One Billmate row before it becomes an article or {@code Cart.Shipping}: a line (or, for a
 * line whose tax is spread over several rates, the line's part at one rate).
 *
 * @param net  excluding tax
 * @param tax  the shop's tax on the row at its rate
 * @param ours a row orderhook made (an amount at a rate), not one of the shop's lines: its net
 *             may be divided into several rows
 */
record CartRow(LineKind kind, String lineId, String artnr, String title, BigDecimal quantity, long subtotal,
        long net, long tax, BigDecimal rate, boolean spread, boolean ours) {

    static CartRow amount(LineKind kind, String title, long net, long tax, BigDecimal rate) {
        return amount(kind, "refund", title, net, tax, rate);
    }

    static CartRow amount(LineKind kind, String artnr, String title, long net, long tax, BigDecimal rate) {
        return new CartRow(kind, "", artnr, title, BigDecimal.ONE, net, net, tax, rate, false, true);
    }

    CartRow withNet(long newNet, long newTax) {
        return new CartRow(kind, lineId, artnr, title, quantity, newNet, newNet, newTax, rate, spread, ours);
    }

    CartRow less(BigDecimal lessQuantity, long lessNet, long lessTax) {
        BigDecimal newQuantity = quantity.subtract(lessQuantity).max(BigDecimal.ZERO);
        long newSubtotal = quantity.signum() == 0 ? subtotal - lessNet
                : BigDecimal.valueOf(subtotal).multiply(newQuantity).divide(quantity, 0, RoundingMode.HALF_UP)
                        .longValueExact();
        return new CartRow(kind, lineId, artnr, title, newQuantity, newSubtotal, net - lessNet, tax - lessTax, rate,
                spread, ours);
    }
}
