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

    /**
     * A call's result in the words of {@link Call#outcome()}: "done" and the provider's number,
     * "refused" and the code, "unknown: " (it may have been applied) or "transient: " and the reason.
     */
    public static String outcome(ProviderResult result) {
        return switch (result.kind()) {
            case DONE -> "done " + ((ProviderResult.Done) result).providerNumber();
            case REFUSED -> "refused " + ((ProviderResult.Refused) result).code();
            case TRANSIENT -> {
                ProviderResult.Transient t = (ProviderResult.Transient) result;
                yield (t.outcomeUnknown() ? "unknown: " : "transient: ") + t.reason();
            }
        };
    }
}
