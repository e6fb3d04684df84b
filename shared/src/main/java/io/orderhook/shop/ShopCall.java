package io.orderhook.shop;

import java.time.Duration;

/**
 * One call to the shop's REST API, as the debug log records it. Never carries the
 * Authorization header; bodies are redacted (by the client).
 *
 * @param method       HTTP method
 * @param path         path below the shop URL, e.g. {@code /wp-json/wc/v3/orders/42/notes}
 * @param requestBody  redacted request body, empty for GET
 * @param status       HTTP status, 0 when no answer arrived
 * @param responseBody redacted response body, empty when no answer arrived
 * @param duration     from sending to the end of the answer (or the failure)
 * @param failure      transport failure (timeout, refused), empty when the shop answered
 */
public record ShopCall(String method, String path, String requestBody, int status, String responseBody,
                       Duration duration, String failure) {}
