package io.orderhook.failed;

import java.util.Map;
import java.util.Optional;

import io.orderhook.bulk.ActionOutcomes;
import io.orderhook.bulk.OrderAction;
import io.orderhook.bulk.OrderActions;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.store.FailedOrder;
import io.orderhook.store.FailedOrderStore;

/**
 * Sends a failed order through again once its cause is fixed. While the order still has the
 * failure status the give-up set, it first gets back the status of the change given up on (a
 * completed order is completed again, as the merchant left it); then the order as the shop has it
 * runs through the processor at once ({@link OrderAction#RETRY}). The reconciler's step keys, the
 * pending step resolved with the provider and the ledger keep anything done before from being done
 * again, so a redrive, or two, never captures, cancels or refunds twice. The failed record goes
 * once nothing is left to do; a redrive that fails again keeps it.
 */
public final class Redrive {
    private final FailedOrderStore failed;
    private final ShopConnections connections;
    private final OrderActions actions;

    public Redrive(FailedOrderStore failed, ShopConnections connections, OrderActions actions) {
        this.failed = failed;
        this.connections = connections;
        this.actions = actions;
    }

    /** @return the outcome, or empty when the order is not failed */
    public Optional<OrderAction.Result> redrive(ShopConfig config, String orderId) {
        Optional<FailedOrder> found = failed.find(config.shopId(), orderId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        OrderAction.Result restored = restoreStatus(config, found.get());
        if (restored != null) {
            return Optional.of(restored);
        }
        OrderAction.Result result = actions.run(config, OrderAction.RETRY, orderId);
        if (result.outcome().settled()) {
            failed.delete(config.shopId(), orderId);
        }
        return Optional.of(result);
    }

    /** Gives the order back its status from before the give-up; a problem with the shop is the outcome. */
    private OrderAction.Result restoreStatus(ShopConfig config, FailedOrder order) {
        String failureStatus = config.settings().failureStatus();
        if (order.statusBefore() == null || order.statusBefore().equals(failureStatus)) {
            return null;
        }
        ShopClient shop = connections.shop(config);
        ShopResult<OrderSnapshot> now = shop.order(order.orderId());
        OrderAction.Result unread = ActionOutcomes.shopProblem(order.orderId(), now);
        if (unread != null || !failureStatus.equals(((ShopResult.Ok<OrderSnapshot>) now).value().status())) {
            return unread; // null: the merchant has moved the order on, so it runs as it is
        }
        return ActionOutcomes.shopProblem(order.orderId(), shop.changeOrder(order.orderId(), order.statusBefore(), Map.of()));
    }
}
