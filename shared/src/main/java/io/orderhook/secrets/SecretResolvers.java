package io.orderhook.secrets;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Picks the secret source from the environment variable {@value #SETTING}:
 * {@code secretsmanager} (the default, for AWS), {@code env}, or {@code file:PATH}. Whatever the
 * source, values are cached for a minute.
 */
public final class SecretResolvers {
    public static final String SETTING = "ORDERHOOK_SECRETS";

    private SecretResolvers() {}

    /** The same source, writable where it can be (Secrets Manager, a file); see {@link CachingSecretResolver#store}. */
    public static SecretStore fromEnvironment(Map<String, String> env, Supplier<SecretsManagerClient> secretsManager) {
        String setting = env.getOrDefault(SETTING, "secretsmanager").trim();
        SecretResolver source;
        if (setting.equals("secretsmanager")) {
            source = new SecretsManagerSecretResolver(secretsManager.get());
        } else if (setting.equals("env")) {
            source = new EnvironmentSecretResolver(env);
        } else if (setting.startsWith("file:") && setting.length() > "file:".length()) {
            source = new FileSecretResolver(Path.of(setting.substring("file:".length())));
        } else {
            throw new IllegalArgumentException(SETTING + "='" + setting
                    + "' is not a secret source: use secretsmanager, env, or file:PATH");
        }
        return new CachingSecretResolver(source);
    }
}
