package io.orderhook.provider;

/**
 * How the merchant knows a provider, for notes in plain words.
 *
 * @param name       the short name ("Billmate")
 * @param checkout   the checkout's name, in which its plugin's notes speak ("Billmate Checkout")
 * @param backOffice where the merchant handles payments by hand ("Billmate Online")
 */
public record ProviderNames(String name, String checkout, String backOffice) {}
