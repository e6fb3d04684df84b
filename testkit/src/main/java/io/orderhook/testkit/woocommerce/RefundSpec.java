package io.orderhook.testkit.woocommerce;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A refund as the merchant makes it in the admin, for {@link ShopSimulator#refund}: either an
 * amount without rows, or rows with quantities, whose amounts and taxes the simulator fills in
 * from the order as the admin screen does (row total and each tax divided by the row's
 * quantity, times the refunded quantity). Shipping and fee rows are refunded in full.
 */
public final class RefundSpec {
    record Row(String lineId, BigDecimal quantity) {}

    private final String amount;
    private final List<Row> rows = new ArrayList<>();
    private String reason = "";
    private boolean apiRefund = false;

    private RefundSpec(String amount) {
        this.amount = amount;
    }

    /** An amount (with tax) without choosing rows. */
    public static RefundSpec amount(String amount) {
        return new RefundSpec(amount);
    }

    /** Rows chosen with {@link #line}; the amount is their sum. */
    public static RefundSpec lines() {
        return new RefundSpec(null);
    }

    public RefundSpec line(String lineId, long quantity) {
        return line(lineId, BigDecimal.valueOf(quantity));
    }

    /** Part of a row sold by weight or length ("1.5" of 3.5 kg). */
    public RefundSpec line(String lineId, BigDecimal quantity) {
        rows.add(new Row(lineId, quantity));
        return this;
    }

    /** A shipping or fee row, refunded in full. */
    public RefundSpec wholeLine(String lineId) {
        rows.add(new Row(lineId, BigDecimal.ONE));
        return this;
    }

    public RefundSpec reason(String reason) {
        this.reason = reason;
        return this;
    }

    /**
     * "Refund via gateway" ({@code api_refund: true}) rather than "Refund manually"; the
     * simulator records it as {@code refunded_payment}. Default false: the merchant lets
     * orderhook credit the payment.
     */
    public RefundSpec apiRefund(boolean apiRefund) {
        this.apiRefund = apiRefund;
        return this;
    }

    String amountOrNull() {
        return amount;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String reasonText() {
        return reason;
    }

    boolean isApiRefund() {
        return apiRefund;
    }
}
