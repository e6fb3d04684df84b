package io.orderhook.secrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;

/**
 * Secrets from a local file, keyed by the reference exactly: a {@code .json} file holding one
 * object of strings, or a Java properties file ({@code reference=value}) for any other name.
 * The file is read on every call, so an edit takes effect as soon as the cache in front of this
 * resolver expires.
 */
public final class FileSecretResolver implements SecretResolver {
    private final Path file;

    public FileSecretResolver(Path file) {
        this.file = file;
    }

    @Override
    public String resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new MissingSecretException("empty secret reference: set it in the shop configuration");
        }
        String value = file.getFileName().toString().endsWith(".json") ? fromJson(reference) : fromProperties(reference);
        if (value == null) {
            throw new MissingSecretException("secret file " + file + " has no entry '" + reference + "'");
        }
        return value;
    }

    private String fromJson(String reference) {
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(file)).get(reference);
            return node == null || !node.isValueNode() ? null : node.asText();
        } catch (NoSuchFileException missing) {
            throw new MissingSecretException("secret file " + file + " does not exist");
        } catch (IOException e) {
            throw new MissingSecretException("secret file " + file + " is not a readable JSON object: " + e.getMessage());
        }
    }

    private String fromProperties(String reference) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException missing) {
            throw new MissingSecretException("secret file " + file + " does not exist");
        } catch (IOException e) {
            throw new MissingSecretException("secret file " + file + " cannot be read: " + e.getMessage());
        }
        return properties.getProperty(reference);
    }
}
