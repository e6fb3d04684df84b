package io.orderhook.provider.billmate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.order.Money;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.billmate.BillmateCart.UnmappableOrderException;

/** The order as its reservation should hold it after the refunds made before activation ({@link BillmateCart#forReservation}). */
final class ReservationCart {
    private ReservationCart() {}

    static BillmateCart of(OrderSnapshot order, List<Refund> refundsBeforeActivation) {
        OrderRows mapping = OrderRows.of(order);
        List<CartRow> rows = new ArrayList<>(mapping.rows());
        Map<BigDecimal, Long> takenOff = new LinkedHashMap<>();
        TaxSplit left = mapping.charged();
        long refunded = 0;
        String takenTitle = "Refund";
        for (Refund refund : oldestFirst(refundsBeforeActivation)) {
            if (BillmateCart.isNothingToCredit(refund)) {
                continue;
            }
            RefundPlan plan = RefundPlan.of(mapping, refund, left);
            if (plan.byRows()) {
                for (CartRow refundRow : plan.rows()) {
                    if (!takeOffOrderRow(rows, refundRow)) {
                        takenOff.merge(refundRow.rate(), refundRow.net(), Long::sum);
                    }
                }
            } else {
                plan.split().byRate().forEach((rate, part) -> takenOff.merge(rate, part.net(), Long::sum));
                takenTitle = RefundPlan.title(refund);
            }
            left = left.minus(plan.split());
            refunded += refund.amount();
        }
        if (refunded > 0 && left.withTax() <= 0) {
            throw new UnmappableOrderException("Order " + order.orderId() + " is refunded in full ("
                    + Money.format(refunded, 2) + "); there is nothing left to reserve: cancel the payment instead.");
        }
        List<CartRow> remaining = new ArrayList<>();
        for (CartRow row : rows) {
            if (row.quantity().signum() > 0 || row.net() != 0 || row.tax() != 0) {
                remaining.add(row);
            }
        }
        for (BigDecimal rate : mapping.ratesInOrder(takenOff.keySet())) {
            long net = takenOff.get(rate);
            if (net != 0) {
                remaining.add(CartRow.amount(LineKind.FEE, BillmateText.latin1(takenTitle, 255), -net, 0, rate));
            }
        }
        long withtax = order.total() - refunded;
        return CartBuilder.build(remaining, left, withtax, "order " + order.orderId());
    }

    private static List<Refund> oldestFirst(List<Refund> refunds) {
        List<Refund> sorted = new ArrayList<>(refunds);
        boolean numeric = sorted.stream().allMatch(r -> r.refundId().matches("[0-9]{1,18}"));
        if (numeric) {
            sorted.sort(Comparator.comparingLong(r -> Long.parseLong(r.refundId())));
        }
        return sorted;
    }

    /** Takes a refunded row off the order row it names; false when the order has no such row. */
    private static boolean takeOffOrderRow(List<CartRow> rows, CartRow refunded) {
        for (int i = 0; i < rows.size(); i++) {
            CartRow row = rows.get(i);
            if (!row.spread() && row.lineId().equals(refunded.lineId()) && row.kind() == refunded.kind()
                    && row.rate().compareTo(refunded.rate()) == 0) {
                rows.set(i, row.less(refunded.quantity(), refunded.net(), refunded.tax()));
                return true;
            }
        }
        return false;
    }
}
