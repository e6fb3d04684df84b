package io.orderhook.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The repository's template.yaml as a JSON tree, for tests that hold the SAM template and the
 * code to the same contract. The YAML reader drops CloudFormation tags such as {@code !GetAtt}
 * and keeps their argument.
 */
public final class TemplateFile {
    private TemplateFile() {}

    public static Path path() {
        return EventFiles.eventsDirectory().getParent().resolve("template.yaml");
    }

    public static JsonNode read() {
        Path file = path();
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
