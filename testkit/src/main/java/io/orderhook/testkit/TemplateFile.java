package io.orderhook.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * The properties of the function {@code logicalId}, after checking that it runs
     * {@code handlerClass}'s handleRequest from the jar the root Makefile builds ({@code sam build}
     * runs its {@code build-<logicalId>} target: multi-module Maven).
     */
    public static JsonNode function(JsonNode template, String logicalId, String handlerClass) {
        JsonNode function = template.at("/Resources/" + logicalId + "/Properties");
        assertEquals(handlerClass + "::handleRequest", function.get("Handler").asText());
        assertEquals(".", function.get("CodeUri").asText());
        assertEquals("makefile", template.at("/Resources/" + logicalId + "/Metadata/BuildMethod").asText());
        return function;
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
