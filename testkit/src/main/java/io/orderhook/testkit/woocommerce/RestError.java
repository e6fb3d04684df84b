package io.orderhook.testkit.woocommerce;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A WordPress {@code WP_Error} on its way to the client: answered as
 * {@code {"code":..., "message":..., "data":{"status":...}}} with that HTTP status.
 */
final class RestError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final transient ObjectNode extraData;

    RestError(int status, String code, String message) {
        this(status, code, message, null);
    }

    RestError(int status, String code, String message, ObjectNode extraData) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extraData = extraData;
    }

    /** WordPress's answer to a path or method no endpoint takes. */
    static RestError noRoute() {
        return new RestError(404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    ObjectNode body() {
        ObjectNode body = PhpJson.MAPPER.createObjectNode();
        body.put("code", code);
        body.put("message", getMessage());
        ObjectNode data = body.putObject("data");
        data.put("status", status);
        if (extraData != null) {
            data.setAll(extraData);
        }
        return body;
    }
}
