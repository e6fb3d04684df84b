package io.orderhook.shop;

/** The outcome of one call to the shop. */
public sealed interface ShopResult<T> {

    record Ok<T>(T value) implements ShopResult<T> {}

    /** The shop answered and said no (4xx): the same request will not pass later. */
    record Rejected<T>(int httpStatus, String code, String message) implements ShopResult<T> {}

    /** The shop could not be reached or failed (timeout, 5xx, 429): try again later. */
    record Unavailable<T>(String reason) implements ShopResult<T> {}
}
