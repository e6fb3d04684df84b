package io.orderhook.provider;

/**
 * What a provider can do beyond the common calls; the reconciler and the processor ask these
 * instead of knowing a provider's name.
 *
 * @param idempotencyKeys          the provider de-duplicates repeated calls by key (Klarna, Stripe); Billmate does not
 * @param updateAfterActivation    lines may still change after capture
 * @param partialActivation        part of a reservation can be captured
 * @param repeatedActivationRefused an activation or cancellation sent again after it was applied is refused
 *                                 by the provider, never applied twice (Billmate activates and cancels
 *                                 only a Created payment): so one whose outcome cannot be read from the
 *                                 payment's status may safely be sent again
 * @param extendsAuthorisation     a reservation's time to capture can be extended
 *                                 ({@link PaymentProvider#extendAuthorisation}; Klarna)
 */
public record Capabilities(boolean idempotencyKeys, boolean updateAfterActivation, boolean partialActivation,
        boolean repeatedActivationRefused, boolean extendsAuthorisation) {

    /** A provider that cannot extend an authorisation. */
    public Capabilities(boolean idempotencyKeys, boolean updateAfterActivation, boolean partialActivation,
            boolean repeatedActivationRefused) {
        this(idempotencyKeys, updateAfterActivation, partialActivation, repeatedActivationRefused, false);
    }
}
