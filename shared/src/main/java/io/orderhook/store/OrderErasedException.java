package io.orderhook.store;

/**
 * The order was deleted on request (its {@code STATE} item is a tombstone): nothing about it may
 * be recorded again. Thrown where a tombstone is read as a state.
 */
public final class OrderErasedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrderErasedException(String shopId, String orderId) {
        super("order " + orderId + " of shop " + shopId + " was deleted from orderhook; a late delivery of it is refused");
    }
}
