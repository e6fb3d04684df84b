package io.orderhook.shop;

/** The outcome of one call to the shop. */
public sealed interface ShopResult<T> {

    /** Which of the three outcomes: switch on it and the compiler finds a case not handled. */
    enum Kind { OK, REJECTED, UNAVAILABLE }

    Kind kind();

    record Ok<T>(T value) implements ShopResult<T> {
        @Override
        public Kind kind() {
            return Kind.OK;
        }
    }

    /** The shop answered and said no (4xx): the same request will not pass later. */
    record Rejected<T>(int httpStatus, String code, String message) implements ShopResult<T> {
        @Override
        public Kind kind() {
            return Kind.REJECTED;
        }

        /** Keys, permissions or transport: nothing gets through until the merchant fixes them, so it is worth waiting. */
        public boolean credentialsProblem() {
            return httpStatus == 401 || httpStatus == 403;
        }
    }

    /** The shop could not be reached or failed (timeout, 5xx, 429): try again later. */
    record Unavailable<T>(String reason) implements ShopResult<T> {
        @Override
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }
    }
}
