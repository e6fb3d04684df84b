package io.orderhook.store;

/**
 * Another invocation changed the order's state since it was read (optimistic locking on
 * {@code version}). Nothing was written; reload and decide again.
 */
public final class StateConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateConflictException(String message) {
        super(message);
    }
}
