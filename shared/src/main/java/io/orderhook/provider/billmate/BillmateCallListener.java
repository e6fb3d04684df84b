package io.orderhook.provider.billmate;

import java.time.Duration;

/**
 * Told about every Billmate call, for the merchant's debug log. Request and response are
 * redacted by {@link BillmateRedaction} before the listener sees them: no hash, no secret, no
 * personal number, name, address, e-mail or phone number.
 */
@FunctionalInterface
public interface BillmateCallListener {

    void called(Call call);

    /**
     * @param function     Billmate function ("activatePayment", ...)
     * @param requestJson  the request body, redacted
     * @param responseJson the response body, redacted; null when no answer arrived
     * @param httpStatus   the HTTP status, or 0 when no answer arrived
     * @param duration     from sending to the answer or failure
     * @param outcome      "done", "refused 5210", "transient: ...": what the client made of it
     */
    record Call(String function, String requestJson, String responseJson, int httpStatus, Duration duration,
            String outcome) {}

    BillmateCallListener NONE = call -> {};
}
