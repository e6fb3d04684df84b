package io.orderhook.testkit.woocommerce;

import java.time.Instant;

/**
 * One request that reached the simulator's REST API.
 *
 * @param method HTTP method
 * @param path   path below {@code /wp-json/wc/v3}, e.g. {@code /orders/42/notes}
 * @param status the HTTP status answered, or 0 when the simulator closed the connection without answering
 * @param at     when it arrived
 */
public record RestCall(String method, String path, int status, Instant at) {}
