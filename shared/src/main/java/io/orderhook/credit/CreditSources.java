package io.orderhook.credit;

import java.net.http.HttpClient;

import io.orderhook.secrets.SecretResolver;

/** The credit accounts a shop's settings name: its account book, or its Sage business with the token from the secrets. */
public final class CreditSources {
    private CreditSources() {}

    /**
     * @param currency the order's currency (the book's limits are in the shop's currency)
     */
    public static CreditAccounts of(CreditSettings settings, String currency, SecretResolver secrets, HttpClient http) {
        return switch (settings.source()) {
            case BOOK -> new AccountBook(settings, currency);
            case SAGE -> new SageAccounts(settings, () -> {
                String ref = settings.sage().tokenRef();
                if (ref == null || ref.isBlank()) {
                    throw new SecretResolver.MissingSecretException("credit.sage.tokenRef is not set");
                }
                return secrets.resolve(ref);
            }, http);
        };
    }
}
