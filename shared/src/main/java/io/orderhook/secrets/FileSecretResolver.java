package io.orderhook.secrets;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;

/**
 * Secrets from a local file, keyed by the reference exactly: a {@code .json} file holding one
 * object of strings, or a Java properties file ({@code reference=value}) for any other name.
 * The file is read on every call, so an edit takes effect as soon as the cache in front of this
 * resolver expires. {@link #store} rewrites it whole (through a temporary file, owner-only).
 */
public final class FileSecretResolver implements SecretStore {
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

    @Override
    public synchronized void store(String reference, String value) {
        if (reference == null || reference.isBlank() || value == null) {
            throw new IllegalArgumentException("a secret needs a reference and a value");
        }
        try {
            String text;
            if (file.getFileName().toString().endsWith(".json")) {
                ObjectNode all = Files.exists(file) && Files.size(file) > 0
                        ? (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(file)) : Json.MAPPER.createObjectNode();
                all.put(reference, value);
                text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all);
            } else {
                Properties properties = new Properties();
                if (Files.exists(file)) {
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        properties.load(in);
                    }
                }
                properties.setProperty(reference, value);
                StringWriter out = new StringWriter();
                properties.store(out, "orderhook: shop secrets by reference. Never commit this file.");
                text = out.toString();
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, ".secrets", ".tmp");
            try {
                ownerOnly(temporary);
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot store secret '" + reference + "' in " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file stays in the user's own directory.
        }
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
