package io.orderhook.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets from AWS Secrets Manager. A reference is a secret name or ARN, optionally followed by
 * {@code #field} to take one field of a JSON secret, so one secret per shop can hold the webhook
 * secret and the REST keys: {@code orderhook/shops/demo#webhookSecret}. Storing a field
 * rewrites the JSON secret with that field changed and the others kept (creating the secret when
 * it does not exist yet).
 */
public final class SecretsManagerSecretResolver implements SecretStore {
    private final SecretsManagerClient secretsManager;

    public SecretsManagerSecretResolver(SecretsManagerClient secretsManager) {
        this.secretsManager = secretsManager;
    }

    @Override
    public String resolve(String reference) {
        SecretReference ref = SecretReference.parse(reference);
        String value;
        try {
            value = secretsManager.getSecretValue(b -> b.secretId(ref.name())).secretString();
        } catch (ResourceNotFoundException notThere) {
            throw new MissingSecretException("Secrets Manager has no secret '" + ref.name()
                    + "': create it, or correct the reference in the shop configuration");
        }
        if (value == null) {
            throw new MissingSecretException("secret '" + ref.name() + "' has no string value (binary secrets are not supported)");
        }
        return ref.field() == null ? value : field(ref, value);
    }

    @Override
    public void store(String reference, String value) {
        SecretReference ref = SecretReference.parse(reference);
        String current;
        try {
            current = secretsManager.getSecretValue(b -> b.secretId(ref.name())).secretString();
        } catch (ResourceNotFoundException notThere) {
            current = null;
        }
        String text = value;
        if (ref.field() != null) {
            ObjectNode json;
            try {
                JsonNode parsed = current == null ? null : Json.MAPPER.readTree(current);
                json = parsed instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
            } catch (java.io.IOException notJson) {
                throw new IllegalStateException("secret '" + ref.name() + "' is not a JSON object, so orderhook cannot set its field '"
                        + ref.field() + "'");
            }
            json.put(ref.field(), value);
            text = Json.write(json);
        }
        String secretString = text;
        if (current == null) {
            secretsManager.createSecret(b -> b.name(ref.name()).secretString(secretString)
                    .description("orderhook: a shop's secrets (webhook secret, REST key, provider secret)"));
        } else {
            secretsManager.putSecretValue(b -> b.secretId(ref.name()).secretString(secretString));
        }
    }

    static String field(SecretReference ref, String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (java.io.IOException notJson) {
            throw new MissingSecretException("secret '" + ref.name() + "' is not a JSON object, so it has no field '"
                    + ref.field() + "'");
        }
        JsonNode field = node == null ? null : node.get(ref.field());
        if (field == null || !field.isValueNode()) {
            throw new MissingSecretException("secret '" + ref.name() + "' has no field '" + ref.field() + "'");
        }
        return field.asText();
    }

    /** {@code name} or {@code name#field}. */
    record SecretReference(String name, String field) {
        static SecretReference parse(String reference) {
            if (reference == null || reference.isBlank()) {
                throw new MissingSecretException("empty secret reference: set it in the shop configuration");
            }
            int hash = reference.lastIndexOf('#');
            return hash < 0
                    ? new SecretReference(reference, null)
                    : new SecretReference(reference.substring(0, hash), reference.substring(hash + 1));
        }
    }
}
