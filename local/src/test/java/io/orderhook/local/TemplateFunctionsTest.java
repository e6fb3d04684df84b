package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;

/**
 * template.yaml against the code, function by function: the handler exists and takes what its
 * events deliver, every environment variable the code reads is defined, and every file under
 * events/ is accepted by its function through the same path as {@code orderhook invoke}.
 */
class TemplateFunctionsTest {
    /** The event source types of template.yaml and the input each delivers. */
    private static final Map<String, Class<?>> EVENT_INPUT = Map.of(
            "HttpApi", APIGatewayV2HTTPEvent.class,
            "DynamoDB", DynamodbEvent.class,
            "Schedule", ScheduledEvent.class,
            "SQS", SQSEvent.class);
    /** What the Lambda service itself sets in every function's environment. */
    private static final Set<String> LAMBDA_RESERVED = Set.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_EXECUTION_ENV", "_HANDLER",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_TASK_ROOT", "TZ");
    /**
     * Reads of names that are not fixed on purpose: with ORDERHOOK_SECRETS=env, secret references
     * become variable names (local use only; template.yaml uses Secrets Manager).
     */
    private static final Set<String> DYNAMIC_READS_ALLOWED = Set.of("EnvironmentSecretResolver.java");

    private static final Path ROOT = SamTemplate.find().getParent();
    private static final SamTemplate TEMPLATE = SamTemplate.read(ROOT.resolve("template.yaml"));

    static Stream<String> functions() {
        return TEMPLATE.functions().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("functions")
    void theHandlerExistsAndImplementsRequestHandlerForWhatItsEventsDeliver(String logicalId) throws Exception {
        SamTemplate.Function function = TEMPLATE.function(logicalId);
        Class<?> handler = Class.forName(function.handlerClass());

        assertTrue(RequestHandler.class.isAssignableFrom(handler), handler + " is not a RequestHandler");
        assertTrue(FunctionRunner.hasHandlerMethod(handler, function.handlerMethod()), function.handler());
        handler.getConstructor();
        assertTrue(!function.events().isEmpty(), logicalId + " has no events");
        for (SamTemplate.EventSource event : function.events()) {
            Class<?> delivered = EVENT_INPUT.get(event.type());
            assertTrue(delivered != null, "event type " + event.type() + " of " + logicalId + " is not one orderhook knows");
            if (event.type().equals("HttpApi")) {
                assertEquals("2.0", event.properties().path("PayloadFormatVersion").asText(), logicalId + " " + event.name());
            }
            assertEquals(delivered, FunctionRunner.inputType(handler), logicalId + " " + event.name());
        }
    }

    @ParameterizedTest
    @MethodSource("functions")
    void everyEnvironmentVariableTheCodeReadsIsDefined(String logicalId) {
        SamTemplate.Function function = TEMPLATE.function(logicalId);
        Map<String, Path> read = environmentReads(sourcesOf(function));

        assertTrue(read.containsKey("TABLE_NAME"), "the scan found " + read.keySet() + " for " + logicalId);
        Set<String> missing = new TreeSet<>();
        read.forEach((name, file) -> {
            if (!function.environment().containsKey(name) && !LAMBDA_RESERVED.contains(name)) {
                missing.add(name + " (read in " + ROOT.relativize(file) + ")");
            }
        });
        assertEquals(Set.of(), missing, logicalId + " reads variables template.yaml does not define");
    }

    // ---------------------------------------------------------------- events through invoke

    private static LocalBackend backend;
    private static FunctionInvoker.Target target;

    /** A running local stack, found the way `orderhook invoke` finds one (its info route). */
    @BeforeAll
    static void startLocalStack() {
        backend = LocalBackend.start(LocalOptions.forTests().outboxInterval(java.time.Duration.ofSeconds(60)));
        JsonNode info = new LocalHttp(backend.baseUrl()).get(LocalBackend.INFO_PATH).body();
        target = new FunctionInvoker.Target(java.net.URI.create(info.get("dynamodbEndpoint").asText()),
                info.get("table").asText(), Path.of(info.get("secretsFile").asText()));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void everyEventsFileIsAcceptedByItsFunctionThroughInvoke() throws Exception {
        Map<Path, String> owners = new LinkedHashMap<>();
        for (Path file : eventFiles()) {
            owners.put(file, owner(file));
        }
        assertEquals(new TreeSet<>(TEMPLATE.functions().keySet()), new TreeSet<>(owners.values()),
                "every function has at least one events file");
        Map<String, List<Path>> byFunction = new TreeMap<>();
        owners.forEach((file, function) -> byFunction.computeIfAbsent(function, f -> new ArrayList<>()).add(file));

        // Each function takes all its files in one warm container, as a Lambda container serves
        // one invocation after another. The processor runs first, while nothing else touches
        // order 1234; then the others side by side.
        FunctionInvoker invoker = new FunctionInvoker(TEMPLATE, FunctionInvoker.ownClasspath());
        Map<String, String> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.function.Consumer<String> invoke = function -> {
            List<Path> files = byFunction.get(function);
            FunctionInvoker.Result result = invoker.invoke(function, files, target);
            List<String> outputs = result.outputs();
            for (int i = 0; i < files.size(); i++) {
                String problem;
                try {
                    problem = !result.succeeded() || i >= outputs.size() ? function + " failed (exit " + result.exitCode() + ")"
                            : accepted(function, files.get(i), outputs.get(i));
                } catch (IOException e) {
                    problem = "output is not JSON: " + outputs.get(i);
                }
                if (problem != null) {
                    failures.put(ROOT.relativize(files.get(i)).toString(), problem + "\n--- log ---\n" + result.log());
                }
            }
        };
        invoke.accept("OrderProcessorFunction");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            for (java.util.concurrent.Future<?> f : pool.invokeAll(byFunction.keySet().stream()
                    .filter(function -> !function.equals("OrderProcessorFunction"))
                    .map(function -> (java.util.concurrent.Callable<Object>) () -> { invoke.accept(function); return null; }).toList())) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(), failures);
    }

    /** Null when the function took the event as it should, else what was wrong. */
    private static String accepted(String function, Path file, String resultJson) throws IOException {
        JsonNode output = Json.MAPPER.readTree(resultJson);
        String name = file.getFileName().toString();
        return switch (function) {
            case "WebhookReceiverFunction" -> {
                String expected = name.equals("ping.json") ? "{\"status\":\"ping\"}" : "{\"status\":\"accepted\"}";
                yield output.path("statusCode").asInt() == 200 && output.path("body").asText().equals(expected)
                        ? null : "expected 200 " + expected + ", got " + output;
            }
            case "OrderProcessorFunction" -> output.path("batchItemFailures").isEmpty() ? null
                    : "the processor reported batch item failures: " + output;
            case "OutboxDispatcherFunction" -> output.has("delivered") ? null : "no dispatch summary: " + output;
            case "SchedulerFunction" -> output.path("sweep").has("caught-up") ? null : "no sweep report: " + output;
            // The sample's shard is made up: the message is reported to come again, nothing is dropped.
            case "ProcessorFailuresFunction" -> output.path("batchItemFailures").size() == 1 ? null
                    : "expected the message back as a batch item failure: " + output;
            default -> output.path("statusCode").asInt() == 200 ? null : "expected 200, got " + output;
        };
    }

    /**
     * The one function whose Events deliver this file (by event source type; for HTTP, the route;
     * for a schedule, the rule SAM names after the function and the event).
     */
    private static String owner(Path file) throws IOException {
        JsonNode json = Json.MAPPER.readTree(file.toFile());
        String type = LambdaEvents.sourceType(json);
        List<String> owners = new ArrayList<>();
        for (SamTemplate.Function function : TEMPLATE.functions().values()) {
            for (SamTemplate.EventSource event : function.events()) {
                if (event.type().equals(type) && (!type.equals("HttpApi") || event.routeKey().equals(json.path("routeKey").asText()))
                        && (!type.equals("Schedule") || json.path("resources").toString().contains(function.logicalId() + event.name()))) {
                    owners.add(function.logicalId());
                    break;
                }
            }
        }
        assertEquals(1, owners.size(), file + " (" + type + ", " + json.path("routeKey").asText("") + ") is delivered to " + owners);
        return owners.get(0);
    }

    private static List<Path> eventFiles() {
        try (Stream<Path> files = Files.walk(ROOT.resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the environment scan

    /**
     * The source folders in the function's jar: its own module and the project modules its pom
     * depends on at compile scope (found through each module's artifactId).
     */
    private static List<Path> sourcesOf(SamTemplate.Function function) {
        Path handlerSource = null;
        String relative = function.handlerClass().replace('.', '/') + ".java";
        Map<String, Path> modules = new LinkedHashMap<>();
        for (Path pom : poms()) {
            String artifact = firstMatch(Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>"), read(pom));
            modules.put(artifact, pom.getParent());
            if (Files.isRegularFile(pom.getParent().resolve("src/main/java").resolve(relative))) {
                handlerSource = pom.getParent();
            }
        }
        assertTrue(handlerSource != null, "no module has " + relative);
        List<Path> sources = new ArrayList<>(List.of(handlerSource.resolve("src/main/java")));
        Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(read(handlerSource.resolve("pom.xml")));
        while (dependency.find()) {
            String block = dependency.group(1);
            String artifact = firstMatch(Pattern.compile("<artifactId>([^<]+)</artifactId>"), block);
            if (!block.contains("<scope>test</scope>") && modules.containsKey(artifact)) {
                sources.add(modules.get(artifact).resolve("src/main/java"));
            }
        }
        return sources;
    }

    private static final Pattern LITERAL_READ = Pattern.compile(
            "(?:getenv|\\benv\\w*\\.get|\\benv\\w*\\.getOrDefault|\\benv\\w*\\.containsKey)\\(\\s*\"([A-Za-z0-9_]+)\"");
    private static final Pattern CONSTANT_READ = Pattern.compile(
            "(?:getenv|\\benv\\w*\\.get|\\benv\\w*\\.getOrDefault|\\benv\\w*\\.containsKey)\\(\\s*(?:[A-Z]\\w*\\.)?([A-Z][A-Z0-9_]*)\\s*[,)]");
    private static final Pattern ANY_READ = Pattern.compile(
            "(?:getenv|\\benv\\w*\\.get|\\benv\\w*\\.getOrDefault|\\benv\\w*\\.containsKey)\\(\\s*([^)\\s][^,)]*)");

    /**
     * Every environment variable name the sources read: {@code System.getenv("X")} and reads of
     * an environment map ({@code env.get("X")}, {@code env.getOrDefault(X_CONSTANT, ...)}), with
     * constants resolved from their {@code static final String} declarations anywhere in the
     * sources. A read whose name is neither a literal nor a resolvable constant fails the test
     * (outside the allowed dynamic readers), so no read escapes the check unnoticed.
     */
    static Map<String, Path> environmentReads(List<Path> sourceRoots) {
        Map<String, String> constants = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (Path root : sourceRoots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(f -> f.toString().endsWith(".java")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Pattern constant = Pattern.compile("static final String ([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");
        for (Path file : files) {
            Matcher m = constant.matcher(read(file));
            while (m.find()) {
                constants.put(m.group(1), m.group(2));
            }
        }
        Map<String, Path> reads = new TreeMap<>();
        List<String> unresolved = new ArrayList<>();
        for (Path file : files) {
            String text = read(file);
            Matcher literal = LITERAL_READ.matcher(text);
            while (literal.find()) {
                reads.put(literal.group(1), file);
            }
            Matcher named = CONSTANT_READ.matcher(text);
            while (named.find()) {
                String value = constants.get(named.group(1));
                if (value != null) {
                    reads.put(value, file);
                }
            }
            Matcher any = ANY_READ.matcher(text);
            while (any.find()) {
                String argument = any.group(1).trim();
                boolean literalArg = argument.startsWith("\"");
                String constantName = argument.replaceAll("^[A-Z]\\w*\\.", "");
                if (!literalArg && !constants.containsKey(constantName)
                        && !DYNAMIC_READS_ALLOWED.contains(file.getFileName().toString())) {
                    unresolved.add(file.getFileName() + ": " + any.group(0));
                }
            }
        }
        assertEquals(List.of(), unresolved, "environment reads whose name the scan cannot tell");
        return reads;
    }

    private static List<Path> poms() {
        try (Stream<Path> walk = Files.walk(ROOT, 3)) {
            return walk.filter(p -> p.getFileName().toString().equals("pom.xml") && !p.getParent().equals(ROOT)
                    && !p.toString().contains("/target/")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstMatch(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
