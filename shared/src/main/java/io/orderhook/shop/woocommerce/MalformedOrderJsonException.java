package io.orderhook.shop.woocommerce;

/**
 * A WooCommerce order or refund body that cannot be read: the message names the field
 * (as a JSON path such as {@code line_items[1].total}) and what was wrong with it.
 */
public final class MalformedOrderJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public MalformedOrderJsonException(String field, String problem) {
        super("WooCommerce order JSON: " + field + ": " + problem);
        this.field = field;
    }

    /** The JSON path of the field that was wrong. */
    public String field() {
        return field;
    }
}
