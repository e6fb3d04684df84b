package io.orderhook.secrets;

/**
 * A secret source that can also be written: {@code orderhook connect} stores a shop's REST key
 * and the webhook secret it generated under the shop's references, where the resolvers read them
 * (a local file in local mode, Secrets Manager in AWS). Values never reach a log.
 */
public interface SecretStore extends SecretResolver {

    /** Stores {@code value} under {@code reference}, creating the secret (or the JSON field) when missing. */
    void store(String reference, String value);
}
