package io.orderhook.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code orderhook invoke}: runs one function of template.yaml on one event file, SAM-style. Like
 * {@code sam local invoke}, the function runs in an environment of its own, a fresh JVM whose
 * environment variables are exactly the template's (Globals and the function's), with the
 * overrides a local run needs: the table reference resolved to the local table name, DynamoDB at
 * the local endpoint, secrets from the local file instead of Secrets Manager, and dummy
 * credentials. The handler is built with its public no-arg constructor, so a variable the code
 * reads and the template lacks fails here as it would in AWS.
 */
public final class FunctionInvoker {
    /** Where the function's DynamoDB and secrets are. */
    public record Target(URI dynamodbEndpoint, String table, Path secretsFile) {}

    /** The process's exit code, the handler's results as JSON lines (stdout), and its log (stderr). */
    public record Result(int exitCode, String output, String log) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** One result per event, in order. */
        public java.util.List<String> outputs() {
            return output.isBlank() ? java.util.List.of() : java.util.List.of(output.split("\\R"));
        }
    }

    private final SamTemplate template;
    private final String classpath;

    public FunctionInvoker(SamTemplate template, String classpath) {
        this.template = template;
        this.classpath = classpath;
    }

    /** The classpath this program runs from: the CLI jar, or the test classpath. */
    public static String ownClasspath() {
        try {
            Path source = Path.of(FunctionInvoker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source)) {
                return source.toString();
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // Fall back to the JVM's classpath.
        }
        return System.getProperty("java.class.path");
    }

    public Result invoke(String logicalId, Path eventFile, Target target) {
        return invoke(logicalId, List.of(eventFile), target);
    }

    /** Several events, one after the other, in one warm container (one init). */
    public Result invoke(String logicalId, List<Path> eventFiles, Target target) {
        SamTemplate.Function function = template.function(logicalId);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, FunctionRunner.class.getName(),
                function.handler(), Integer.toString(function.timeoutSeconds())));
        for (Path eventFile : eventFiles) {
            if (!Files.isRegularFile(eventFile)) {
                throw new IllegalArgumentException("no event file " + eventFile);
            }
            command.add(eventFile.toAbsolutePath().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment(function, target));
        try {
            Path out = Files.createTempFile("orderhook-invoke", ".out");
            Path err = Files.createTempFile("orderhook-invoke", ".err");
            try {
                Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                // Lambda stops an invocation at its timeout; give the JVM's start a little more.
                if (!process.waitFor((long) function.timeoutSeconds() * eventFiles.size() + 30L, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(124, "", Files.readString(err) + "\n" + logicalId + " timed out after "
                            + function.timeoutSeconds() + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).trim(),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + logicalId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + logicalId + " ran", e);
        }
    }

    /** The function's environment: the template's variables, then the local overrides. */
    public Map<String, String> environment(SamTemplate.Function function, Target target) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((name, value) ->
                env.put(name, template.refersToResource(value, "AWS::DynamoDB::Table") ? target.table() : value));
        if (env.containsKey("ORDERHOOK_SECRETS")) {
            // As `sam local invoke --env-vars` would: the local secrets file instead of Secrets Manager.
            env.put("ORDERHOOK_SECRETS", "file:" + target.secretsFile().toAbsolutePath());
        }
        // What the Lambda service sets, and what points the SDK at DynamoDB Local.
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", target.dynamodbEndpoint().toString());
        // The failure destination's function reads the table's stream, a service of its own to the SDK.
        env.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", target.dynamodbEndpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        // No profile of the developer's may redirect the function elsewhere.
        env.put("AWS_CONFIG_FILE", devNull());
        env.put("AWS_SHARED_CREDENTIALS_FILE", devNull());
        String path = System.getenv("PATH");
        if (path != null) {
            env.put("PATH", path);
        }
        return env;
    }

    private static String devNull() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
