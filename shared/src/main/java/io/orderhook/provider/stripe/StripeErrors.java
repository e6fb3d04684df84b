package io.orderhook.provider.stripe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;

import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.ProviderResult.Refused.Reason;

/**
 * Stripe's errors (docs.stripe.com/api/errors: {@code type}, {@code code}, {@code decline_code},
 * {@code message}, {@code param}) as orderhook's outcomes. The SDK turns the HTTP status into an
 * exception class (400/404 invalid request, 401 authentication, 402 card, 403 permission, 429 rate
 * limit, {@code idempotency_error}, anything else {@code ApiException}); a failed connection is
 * {@code ApiConnectionException}.
 *
 * <p>Retry rules: 429 is refused before Stripe runs anything, so it is transient with a known
 * outcome. A 5xx, a 409 (the same key still running) or an answer that never arrived may have been
 * applied: for a call that changes the payment it is transient with the outcome unknown. Stripe
 * stores a 5xx under the request's idempotency key and replays it for 24 hours, so a retry with the
 * same key cannot succeed after one (see docs/PROVIDERS.md, Stripe). Every 4xx that is not one of
 * those is a refusal: sending it again cannot change the answer.
 */
final class StripeErrors {
    /**
     * Stripe's decline codes whose next step is "try again": the issuer or processor could not answer
     * now ({@code try_again_later}, {@code issuer_not_available}, {@code processing_error},
     * {@code reenter_transaction}). Soft declines, tried again on the shop's schedule.
     */
    static final java.util.Set<String> SOFT_DECLINES = java.util.Set.of(
            "try_again_later", "issuer_not_available", "processing_error", "reenter_transaction");

    private StripeErrors() {}

    private static boolean soft(String code) {
        return code != null && SOFT_DECLINES.contains(code);
    }

    /**
     * @param function       what was called, for the message ("capture")
     * @param changesPayment the call changes the payment (a POST): an unknown outcome matters
     */
    static ProviderResult of(StripeException e, String function, boolean changesPayment) {
        if (e instanceof ApiConnectionException) {
            if (notSent(e)) {
                return new ProviderResult.Transient("Stripe could not be reached (" + function + " was not sent): "
                        + rootMessage(e), false);
            }
            return new ProviderResult.Transient("the connection to Stripe failed during " + function + ": "
                    + rootMessage(e) + (changesPayment ? "; it may have been applied" : ""), changesPayment);
        }
        int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
        String code = code(e);
        String message = stripeMessage(e);
        if (e instanceof IdempotencyException) {
            return new ProviderResult.Refused("idempotency_error", message, Reason.OTHER,
                    StripeAdvice.forCode("idempotency_error"));
        }
        // PermissionException is an AuthenticationException in the SDK: the narrower one first.
        if (e instanceof PermissionException) {
            return new ProviderResult.Refused(code == null ? "HTTP_403" : code, "Stripe refused " + function
                    + " for the shop's key (HTTP 403): " + message, Reason.CREDENTIALS,
                    StripeAdvice.forCode(StripeAdvice.PERMISSION));
        }
        if (e instanceof AuthenticationException) {
            // Stripe's message names the key (masked); orderhook's own words never do.
            return new ProviderResult.Refused(code == null ? "HTTP_401" : code, "Stripe did not accept the shop's"
                    + " secret key (HTTP 401) for " + function + ".", Reason.CREDENTIALS,
                    StripeAdvice.forCode(StripeAdvice.CREDENTIALS));
        }
        if (e instanceof RateLimitException) {
            return new ProviderResult.Transient("Stripe rate-limited " + function + " (HTTP 429"
                    + (code == null ? "" : ", " + code) + "); nothing was applied", false);
        }
        if (e instanceof CardException card) {
            String decline = card.getDeclineCode();
            boolean soft = soft(decline) || soft(code);
            return new ProviderResult.Refused(code == null ? "card_error" : code,
                    message + (decline == null ? "" : " (decline code " + decline + ")"), soft ? Reason.TEMPORARY : Reason.OTHER,
                    StripeAdvice.forCode(code));
        }
        if (e instanceof InvalidRequestException) {
            if ("resource_missing".equals(code)) {
                return new ProviderResult.Refused(code, message, Reason.UNKNOWN_PAYMENT, StripeAdvice.forCode(code));
            }
            if (code == null) {
                // No code: Stripe did not recognise the request itself (a 404 for an unknown URL, a parameter it
                // does not take): the endpoint setting, or a defect.
                return new ProviderResult.Refused("HTTP_" + status, "Stripe refused " + function + " (HTTP " + status
                        + "): " + message, Reason.OTHER, StripeAdvice.forCode(StripeAdvice.ENDPOINT));
            }
            return new ProviderResult.Refused(code, message, Reason.OTHER, StripeAdvice.forCode(code));
        }
        if (status == 409 || status == 424 || status >= 500 || status == 0) {
            return new ProviderResult.Transient("Stripe answered " + function + " with HTTP " + status
                    + (code == null ? "" : " (" + code + ")") + ": " + message
                    + (changesPayment ? "; it may have been applied" : ""), changesPayment);
        }
        if (status >= 200 && status < 300) {
            return unreadable(function, changesPayment);
        }
        return new ProviderResult.Refused("HTTP_" + status, "Stripe answered " + function + " with HTTP " + status
                + ": " + message, Reason.OTHER, StripeAdvice.forCode(StripeAdvice.ENDPOINT));
    }

    /** An answer the SDK could not read (a proxy's HTML page, an empty body). */
    static ProviderResult unreadable(String function, boolean changesPayment) {
        return new ProviderResult.Transient("Stripe's answer to " + function + " could not be read"
                + (changesPayment ? "; it may have been applied" : ""), changesPayment);
    }

    /** Stripe's error code, or null (declines carry {@code card_declined}; some errors carry none). */
    static String code(StripeException e) {
        StripeError error = e.getStripeError();
        if (error != null && error.getCode() != null) {
            return error.getCode();
        }
        return e.getCode();
    }

    private static String stripeMessage(StripeException e) {
        StripeError error = e.getStripeError();
        String message = error != null && error.getMessage() != null ? error.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The request never left this machine: nothing can have been applied. */
    private static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
