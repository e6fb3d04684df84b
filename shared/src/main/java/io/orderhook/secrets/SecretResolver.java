package io.orderhook.secrets;

/**
 * Turns a secret reference from a shop's configuration into the secret's value.
 * Implementations: AWS Secrets Manager (cloud), environment variables or a local file
 * (local mode). Values are cached per container and refreshed within a minute.
 */
public interface SecretResolver {

    /**
     * @throws MissingSecretException when the reference does not resolve; the message names
     *         the reference, never a value
     */
    String resolve(String reference);

    final class MissingSecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MissingSecretException(String message) {
            super(message);
        }
    }
}
