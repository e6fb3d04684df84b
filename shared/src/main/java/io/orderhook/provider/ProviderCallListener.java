package io.orderhook.provider;

import java.time.Duration;

/**
 * Told about every call a provider client makes on the wire, for the merchant's debug log.
 * Request and response are redacted by the provider before the listener sees them: no hash, no
 * secret, no credentials, personal number, name, address, e-mail or phone number.
 */
@FunctionalInterface
public interface ProviderCallListener {

    void called(Call call);

    /**
     * @param function     the provider's function or endpoint ("activatePayment", "POST /captures", ...)
     * @param requestJson  the request body, redacted
     * @param responseJson the response body, redacted; null when no answer arrived
     * @param httpStatus   the HTTP status, or 0 when no answer arrived
     * @param duration     from sending to the answer or failure
     * @param outcome      "done", "refused 5210", "transient: ...": what the client made of it
     */
    record Call(String function, String requestJson, String responseJson, int httpStatus, Duration duration,
            String outcome) {}

    ProviderCallListener NONE = call -> {};
}
