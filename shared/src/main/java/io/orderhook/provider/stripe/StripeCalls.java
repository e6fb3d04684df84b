package io.orderhook.provider.stripe;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeCollection;
import com.stripe.net.ApiResource;

import io.orderhook.json.Json;
import io.orderhook.provider.CallOptions;
import io.orderhook.provider.ProviderCallListener;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.ProviderResult.Refused.Reason;

/**
 * One shop account's calls to Stripe through the official SDK: its own {@link StripeClient} with
 * the account's API base (the sandbox's in tests and local mode), timeouts and no SDK retries
 * (nothing global is set, since one JVM serves many shops, and orderhook's processor decides about
 * retries). Every call's failure becomes orderhook's outcome ({@link StripeErrors}), and every call
 * is told to the debug log with what {@link StripeRedaction} keeps of it.
 */
final class StripeCalls {

    /** One SDK call on the account's client. */
    @FunctionalInterface
    interface StripeCall<T> {
        T call(StripeClient client) throws StripeException;
    }

    /**
     * One call's answer: the value, or the outcome it failed with and Stripe's error code.
     *
     * @param code Stripe's error code when Stripe answered with an error, for the callers that read one
     */
    record Answer<T>(T value, ProviderResult failure, String code) {}

    private final String apiBase;
    private final String secretKey;
    private final Duration connectTimeout;
    private final CallOptions options;
    private final StripeClient client;

    StripeCalls(String apiBase, String secretKey, Duration connectTimeout, CallOptions options) {
        this.apiBase = stripTrailingSlash(Objects.requireNonNull(apiBase, "apiBase"));
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.options = Objects.requireNonNull(options, "options");
        // No key: every call is refused as a credentials problem instead of the SDK's exception.
        this.client = secretKey.isBlank() ? null : StripeClient.builder()
                .setApiKey(secretKey)
                .setApiBase(this.apiBase)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setReadTimeout((int) options.readTimeout().toMillis())
                .setMaxNetworkRetries(0)
                .build();
    }

    StripeCalls withReadTimeout(Duration timeout) {
        return new StripeCalls(apiBase, secretKey, connectTimeout, options.withReadTimeout(timeout));
    }

    StripeCalls withConnectTimeout(Duration timeout) {
        return new StripeCalls(apiBase, secretKey, timeout, options);
    }

    StripeCalls withCallListener(ProviderCallListener callListener) {
        return new StripeCalls(apiBase, secretKey, connectTimeout, options.withListener(callListener));
    }

    String apiBase() {
        return apiBase;
    }

    /**
     * Makes one call and tells the debug log about it.
     *
     * @param endpoint       the debug log's name for it ("POST /v1/refunds")
     * @param function       what was called, for a failure's message ("capture")
     * @param changesPayment the call changes the payment (a POST): an unknown outcome matters
     * @param sent           the parameters sent, for the debug log
     * @param summary        what the debug log keeps of the answer
     */
    <T> Answer<T> send(String endpoint, String function, boolean changesPayment, Map<String, Object> sent,
            StripeCall<T> call, Function<T, Object> summary) {
        long started = System.nanoTime();
        if (client == null) {
            ProviderResult failure = new ProviderResult.Refused(StripeAdvice.CREDENTIALS, "No Stripe secret key is set"
                    + " for this shop.", Reason.CREDENTIALS, StripeAdvice.forCode(StripeAdvice.CREDENTIALS));
            report(endpoint, sent, null, 0, started, failure);
            return new Answer<>(null, failure, null);
        }
        T value;
        try {
            value = call.call(client);
        } catch (StripeException e) {
            ProviderResult failure = StripeErrors.of(e, function, changesPayment);
            report(endpoint, sent, e.getStripeError() == null ? null : Map.of("error", StripeRedaction.error(e)),
                    e.getStatusCode() == null ? 0 : e.getStatusCode(), started, failure);
            return new Answer<>(null, failure, StripeErrors.code(e));
        } catch (RuntimeException e) {
            // The SDK fails this way on an answer it cannot parse (an empty error body, a proxy's page).
            ProviderResult failure = StripeErrors.unreadable(function, changesPayment);
            report(endpoint, sent, null, 0, started, failure);
            return new Answer<>(null, failure, null);
        }
        report(endpoint, sent, summary.apply(value), httpStatus(value), started, null);
        return new Answer<>(value, null, null);
    }

    /** {@code failure} null: the call was done. */
    private void report(String endpoint, Map<String, Object> sent, Object received, int httpStatus, long started,
            ProviderResult failure) {
        options.report(() -> new ProviderCallListener.Call(endpoint, Json.write(sent),
                received == null ? null : Json.write(received), httpStatus,
                Duration.ofNanos(System.nanoTime() - started),
                failure == null ? "done" : ProviderCallListener.outcome(failure)));
    }

    private static int httpStatus(Object value) {
        if (value instanceof ApiResource resource && resource.getLastResponse() != null) {
            return resource.getLastResponse().code();
        }
        if (value instanceof StripeCollection<?> collection && collection.getLastResponse() != null) {
            return collection.getLastResponse().code();
        }
        return 0;
    }

    private static String stripTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
