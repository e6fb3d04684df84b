package io.orderhook.provider.klarna;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.ProviderResult;

/**
 * A Klarna capture: the order is read first, then {@code POST .../captures}, then what the capture
 * left authorised is released ({@code POST .../release-remaining-authorization}), so the customer
 * is never charged for it. The capture and the release carry their own idempotency keys, both
 * derived from the step's key: repeating the step repeats neither.
 */
final class KlarnaCapture {

    private final KlarnaHttp http;

    KlarnaCapture(KlarnaHttp http) {
        this.http = http;
    }

    /**
     * Captures {@code lines}, or everything still authorised when there are none (as
     * {@link KlarnaProvider#activate(String, io.orderhook.order.OrderSnapshot, java.util.List, String)}
     * describes), with {@code reference} (the order number) unless it is blank.
     */
    ProviderResult capture(String orderId, Optional<KlarnaLines> lines, String reference, String idempotencyKey) {
        KlarnaOrder.Read read = http.readOrder(orderId);
        if (read instanceof KlarnaOrder.Read.Failed failed) {
            return failed.result(); // nothing was sent: a transient read is not an unknown outcome
        }
        KlarnaOrder klarna = ((KlarnaOrder.Read.Found) read).order();
        String fraud = klarna.fraudStatus().toUpperCase(Locale.ROOT);
        if ("AUTHORIZED".equalsIgnoreCase(klarna.status()) && "PENDING".equals(fraud)) {
            return refused(KlarnaAdvice.FRAUD_PENDING, "Klarna is still reviewing order " + orderId
                    + " (fraud_status PENDING); it must not be captured before Klarna accepts it.");
        }
        if ("REJECTED".equals(fraud) || "STOPPED".equals(fraud)) {
            return refused(KlarnaAdvice.FRAUD_REJECTED, "Klarna's fraud review " + fraud.toLowerCase(Locale.ROOT)
                    + " order " + orderId + "; it cannot be captured.");
        }
        long target = lines.map(KlarnaLines::amount)
                .orElse(klarna.capturedAmount() + klarna.remainingAuthorizedAmount());
        if (klarna.capturedAmount() > 0 && klarna.capturedAmount() >= target) {
            // Captured already: never capture again; only what is still authorised is released.
            String captureId = klarna.captures().isEmpty() ? orderId
                    : klarna.captures().get(klarna.captures().size() - 1).captureId();
            ProviderResult released = releaseRest(orderId, klarna.remainingAuthorizedAmount(), idempotencyKey, captureId);
            if (released.kind() != ProviderResult.Kind.DONE) {
                return released;
            }
            return new ProviderResult.Done(captureId, klarna.paymentInfo(), true, TaxSplit.EMPTY);
        }
        long amount = target - klarna.capturedAmount();
        if (amount <= 0) {
            return refused("CAPTURE_NOT_ALLOWED", "Klarna order " + orderId + " is " + klarna.status()
                    + " with nothing authorised left to capture; nothing was sent.");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("captured_amount", amount);
        if (!reference.isBlank()) {
            body.put("reference", KlarnaLines.text(reference));
        }
        if (lines.isPresent() && klarna.capturedAmount() == 0) {
            lines.get().writeTo(body.putArray("order_lines"));
        }
        ProviderResult captured = http.send(orderId, "POST", "captures", body, idempotencyKey, reply -> {
            // A replayed answer carries no Capture-Id (the reference promises status and body only).
            String captureId = reply.header("Capture-Id")
                    .or(() -> http.readOrder(orderId) instanceof KlarnaOrder.Read.Found f
                            ? f.order().newestCaptureOf(amount) : Optional.empty())
                    .orElse(orderId);
            return new ProviderResult.Done(captureId, null);
        });
        if (!(captured instanceof ProviderResult.Done done)) {
            return captured;
        }
        long stillAuthorised = klarna.remainingAuthorizedAmount() - amount;
        ProviderResult released = releaseRest(orderId, stillAuthorised, idempotencyKey, done.providerNumber());
        return released.kind() == ProviderResult.Kind.TRANSIENT ? released : done;
    }

    /**
     * {@code POST .../release-remaining-authorization}: gives up what is authorised and not captured
     * of a part-captured order. An order without captures is cancelled instead (Klarna: 403).
     */
    ProviderResult releaseRemaining(String orderId, String idempotencyKey) {
        return http.send(orderId, "POST", "release-remaining-authorization", null, idempotencyKey,
                reply -> new ProviderResult.Done(orderId, null));
    }

    /**
     * Releases what a capture left authorised. A refusal (released already, or nothing left) leaves
     * the capture done; a release whose answer never came is reported as unknown, so the step is
     * sent again and the release repeated with its own key.
     */
    private ProviderResult releaseRest(String orderId, long stillAuthorised, String idempotencyKey, String captureId) {
        if (stillAuthorised <= 0) {
            return new ProviderResult.Done(orderId, null);
        }
        ProviderResult released = releaseRemaining(orderId, idempotencyKey);
        if (released instanceof ProviderResult.Transient t) {
            return new ProviderResult.Transient("Klarna captured (capture " + captureId + ") but releasing the rest of"
                    + " the authorisation failed: " + t.reason(), true);
        }
        return new ProviderResult.Done(orderId, null);
    }

    private static ProviderResult refused(String code, String message) {
        return new ProviderResult.Refused(code, message, ProviderResult.Refused.Reason.OTHER, KlarnaAdvice.forCode(code));
    }
}
