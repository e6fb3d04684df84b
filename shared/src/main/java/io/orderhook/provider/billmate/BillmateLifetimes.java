package io.orderhook.provider.billmate;

import java.time.Duration;
import java.util.Optional;

import io.orderhook.provider.AuthorisationLapse;

/**
 * How long a Billmate reservation can be activated, by its payment method ({@code PaymentData.method}
 * in getPaymentinfo). Billmate's API reports no lapse time of its own, so these are orderhook's table
 * (docs/PROVIDERS.md says where each figure comes from):
 * <ul>
 * <li>card (8, and 24 and 266, card with bank or seamless): the card schemes' window for an online
 *     payment the customer made, 7 days (Visa, Mastercard, American Express, Discover alike, as
 *     Stripe's table of authorisation validity lists them);</li>
 * <li>invoice, invoice service and part payment (1, 2, 4): Qvickly documents no lapse; orderhook
 *     assumes Klarna's default for pay-later of 28 days, so the merchant hears in good time;</li>
 * <li>bank and Swish are paid at checkout, and a Checkout payment (64) reports the method chosen: no
 *     lapse.</li>
 * </ul>
 */
final class BillmateLifetimes {
    static final Duration CARD = Duration.ofDays(7);
    static final Duration INVOICE = Duration.ofDays(28);

    private BillmateLifetimes() {}

    /** The lapse of a reservation made with {@code method}, or empty when none is known. */
    static Optional<AuthorisationLapse> of(String method) {
        return switch (method.strip()) {
            case "8", "24", "266" -> Optional.of(AuthorisationLapse.after(CARD, "the card schemes' 7 days for an online card payment"));
            case "1", "2", "4" -> Optional.of(AuthorisationLapse.after(INVOICE,
                    "orderhook's assumption of 28 days for a Billmate invoice (Billmate documents none)"));
            default -> Optional.empty();
        };
    }
}
