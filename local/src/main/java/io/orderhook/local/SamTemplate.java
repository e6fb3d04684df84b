package io.orderhook.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The functions of a SAM template as {@code sam local invoke} sees them: handler, environment
 * (Globals merged with the function's own), timeout and event sources.
 *
 * <p>The YAML reader drops CloudFormation tags and keeps their argument, so {@code !Ref
 * OrderhookTable} reads as {@code OrderhookTable}; {@link #refersToResource} tells such a value
 * from a plain one by looking it up among the template's resources.
 */
public record SamTemplate(Path file, JsonNode root, Map<String, Function> functions) {

    /** One entry of a function's {@code Events}. */
    public record EventSource(String name, String type, JsonNode properties) {
        /** For an HttpApi event: "POST /webhooks/woocommerce/{shopId}". */
        public String routeKey() {
            return properties.path("Method").asText("ANY").toUpperCase(java.util.Locale.ROOT) + " "
                    + properties.path("Path").asText();
        }
    }

    public record Function(String logicalId, String handler, Map<String, String> environment, int timeoutSeconds,
            List<EventSource> events) {
        public String handlerClass() {
            int colons = handler.indexOf("::");
            return colons < 0 ? handler : handler.substring(0, colons);
        }

        public String handlerMethod() {
            int colons = handler.indexOf("::");
            return colons < 0 ? "handleRequest" : handler.substring(colons + 2);
        }
    }

    public static SamTemplate read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the SAM template " + file + ": " + e.getMessage(), e);
        }
        JsonNode globals = root.at("/Globals/Function");
        Map<String, Function> functions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode properties = resource.getValue().path("Properties");
            Map<String, String> environment = new LinkedHashMap<>();
            globals.at("/Environment/Variables").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            properties.at("/Environment/Variables").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            List<EventSource> events = new ArrayList<>();
            properties.path("Events").fields().forEachRemaining(e -> events.add(
                    new EventSource(e.getKey(), e.getValue().path("Type").asText(), e.getValue().path("Properties"))));
            int timeout = properties.path("Timeout").asInt(globals.path("Timeout").asInt(3));
            functions.put(resource.getKey(), new Function(resource.getKey(), properties.path("Handler").asText(),
                    environment, timeout, events));
        }
        return new SamTemplate(file, root, functions);
    }

    /** The template of the repository around the working directory (where ./orderhook runs). */
    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("no template.yaml in " + Path.of("").toAbsolutePath()
                + " or above: run orderhook from inside the repository, or pass --template FILE");
    }

    public Function function(String logicalId) {
        Function function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("template.yaml has no function '" + logicalId + "'; it has "
                    + String.join(", ", functions.keySet()));
        }
        return function;
    }

    /** Whether an environment value is the name of one of the template's resources (a !Ref). */
    public boolean refersToResource(String value, String type) {
        return type.equals(root.path("Resources").path(value).path("Type").asText(null));
    }
}
