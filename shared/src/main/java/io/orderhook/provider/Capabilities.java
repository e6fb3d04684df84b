package io.orderhook.provider;

/**
 * What a provider can do beyond the common calls.
 *
 * @param idempotencyKeys        the provider de-duplicates repeated calls by key (Klarna, Stripe); Billmate does not
 * @param updateAfterActivation  lines may still change after capture
 * @param partialActivation      part of a reservation can be captured
 */
public record Capabilities(boolean idempotencyKeys, boolean updateAfterActivation, boolean partialActivation) {}
