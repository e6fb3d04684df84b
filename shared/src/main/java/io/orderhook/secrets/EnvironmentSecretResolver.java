package io.orderhook.secrets;

import java.util.Locale;
import java.util.Map;

/**
 * Secrets from environment variables (local mode, CI). The variable name is the reference in
 * upper case with every character other than a letter or digit turned into {@code _}:
 * {@code orderhook/shops/demo#webhookSecret} is read from
 * {@code ORDERHOOK_SHOPS_DEMO_WEBHOOKSECRET}.
 */
public final class EnvironmentSecretResolver implements SecretResolver {
    private final Map<String, String> environment;

    public EnvironmentSecretResolver() {
        this(System.getenv());
    }

    public EnvironmentSecretResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static String variableName(String reference) {
        return reference.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @Override
    public String resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new MissingSecretException("empty secret reference: set it in the shop configuration");
        }
        String name = variableName(reference);
        String value = environment.get(name);
        if (value == null) {
            throw new MissingSecretException("environment variable " + name + " (for secret reference '"
                    + reference + "') is not set");
        }
        return value;
    }
}
