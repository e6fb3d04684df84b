package io.orderhook.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.BodyHash;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.EventFiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold start: a fresh JVM on the receiver's deployment jar that builds the handler as Lambda
 * does and handles its first webhook, against a fresh JVM on the same jar that only builds the
 * SDK DynamoDB client and does one PutItem of the same size, both against the same DynamoDB
 * Local server (started here). Each is repeated; medians and their ratio are printed, then
 * every function jar's size. Target: receiver / PutItem <= 1.5.
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.bench.ColdStartBenchmark [--runs N]
 *     [--jar functions/webhook-receiver/target/webhook-receiver-*-lambda.jar] [--jvm-options "..."]</pre>
 *
 * Run from the repository root after {@code mvn package}. The JVM options default to the ones
 * template.yaml gives the functions ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}).
 */
public final class ColdStartBenchmark {
    private static final String SECRET_REF = "orderhook/shops/demo#webhookSecret";
    private static final String TEMPLATE_JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private record Run(double wallMs, double initMs, double firstCallMs) {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(BenchArgs.option(args, "--runs", "7"));
        String jvmOptions = BenchArgs.option(args, "--jvm-options", TEMPLATE_JVM_OPTIONS);
        Path jar = Paths.get(BenchArgs.option(args, "--jar", receiverJar().toString()));
        Path childClasses = childClassDirectory();
        String javaBinary = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

        try (DynamoDbLocal local = DynamoDbLocal.start(null); DynamoDbClient dynamo = local.client()) {
            String table = local.newTable("coldstart", TableDefinition::create);
            new ShopConfigStore(dynamo, table).save(new ShopConfig("demo", "https://demo-shop.example", SECRET_REF,
                    null, null, null, ShopSettings.defaults(), 1));
            String template = new String(EventFiles.body(EventFiles.read(
                    EventFiles.eventsDirectory().resolve("order.updated.completed.json"))), StandardCharsets.UTF_8);

            Map<String, String> env = new HashMap<>();
            env.put("TABLE_NAME", table);
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL_DYNAMODB", local.endpoint().toString());  // read by the SDK itself
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("ORDERHOOK_SECRETS", "env");
            env.put(EnvironmentSecretResolver.variableName(SECRET_REF), EventFiles.DEMO_SECRET);
            env.put("JAVA_TOOL_OPTIONS", jvmOptions);

            System.out.printf("orderhook cold-start benchmark: %d runs each, alternating; child JVM %s with %s; jar %s (%s); "
                            + "%s %s, %d cores, %s%n", runs, javaBinary, jvmOptions.isBlank() ? "no options" : jvmOptions, jar,
                    kib(Files.size(jar)), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            // One unmeasured run of each first: the OS file cache then holds the jar and the JDK for both.
            List<Run> receiver = new ArrayList<>();
            List<Run> putItem = new ArrayList<>();
            for (int i = -1; i < runs; i++) {
                long orderId = 2_000_000_000L + i * 2L + 2;
                String body = "{\"id\":" + orderId + template.substring(template.indexOf(','));
                Run r = child(javaBinary, childClasses, jar, "receiver", env, body, orderId);
                Run p = child(javaBinary, childClasses, jar, "putitem", env, body, orderId + 1);
                if (i >= 0) {
                    receiver.add(r);
                    putItem.add(p);
                }
            }
            print("receiver: first webhook", receiver);
            print("SDK client + one PutItem", putItem);
            double ratio = median(receiver, Run::wallMs) / median(putItem, Run::wallMs);
            System.out.printf("ratio (wall, spawn to answer): %.2f  (target <= 1.5)%n", ratio);
            System.out.printf("ratio (inside main: init + first call): %.2f%n",
                    median(receiver, r -> r.initMs() + r.firstCallMs()) / median(putItem, r -> r.initMs() + r.firstCallMs()));
        }
        System.out.println("function jars:");
        try (DirectoryStream<Path> functions = Files.newDirectoryStream(Paths.get("functions"))) {
            for (Path function : functions) {
                Path target = function.resolve("target");
                if (!Files.isDirectory(target)) {
                    continue;
                }
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*-lambda.jar")) {
                    for (Path lambdaJar : jars) {
                        System.out.printf("  %-70s %s%n", lambdaJar, kib(Files.size(lambdaJar)));
                    }
                }
            }
        }
    }

    private static Run child(String javaBinary, Path classes, Path jar, String mode, Map<String, String> env, String body,
                             long orderId) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(javaBinary, "-cp", classes + java.io.File.pathSeparator + jar,
                ColdStartChild.class.getName(), mode);
        builder.environment().putAll(env);
        builder.environment().put("COLDSTART_BODY", body);
        builder.environment().put("COLDSTART_ORDER", Long.toString(orderId));
        builder.environment().put("COLDSTART_HASH", BodyHash.of(body.getBytes(StandardCharsets.UTF_8)));
        builder.environment().put("COLDSTART_SIGNATURE", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8),
                EventFiles.DEMO_SECRET));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        long started = System.nanoTime();
        Process process = builder.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                    break;
                }
            }
            double wall = (System.nanoTime() - started) / 1e6;
            out.transferTo(java.io.Writer.nullWriter());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(mode + " child did not exit");
            }
            if (result == null) {
                throw new IllegalStateException(mode + " child printed no result (exit " + process.exitValue() + ")");
            }
            String[] parts = result.split(" ");
            String expected = mode.equals("receiver") ? "200:{\"status\":\"accepted\"}" : "put";
            if (!parts[1].equals(expected)) {
                throw new IllegalStateException(mode + " child answered " + parts[1]);
            }
            return new Run(wall, Double.parseDouble(parts[2]), Double.parseDouble(parts[3]));
        }
    }

    /** The child's class, alone in a directory: the child's classpath is that plus the function jar. */
    private static Path childClassDirectory() throws IOException {
        Path dir = Files.createTempDirectory("orderhook-coldstart");
        String resource = ColdStartChild.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(resource);
        Files.createDirectories(file.getParent());
        try (InputStream in = ColdStartChild.class.getClassLoader().getResourceAsStream(resource)) {
            Files.write(file, in.readAllBytes());
        }
        file.toFile().deleteOnExit();
        return dir;
    }

    private static Path receiverJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Paths.get("functions", "webhook-receiver", "target"), "*-lambda.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no functions/webhook-receiver/target/*-lambda.jar: run mvn package first, from the repository root");
    }

    private static void print(String name, List<Run> runs) {
        System.out.printf("%-26s wall median %7.1f ms (min %7.1f, max %7.1f); inside main: init %6.1f ms + first call %6.1f ms%n",
                name, median(runs, Run::wallMs), runs.stream().mapToDouble(Run::wallMs).min().orElse(0),
                runs.stream().mapToDouble(Run::wallMs).max().orElse(0), median(runs, Run::initMs), median(runs, Run::firstCallMs));
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String kib(long bytes) {
        return String.format("%,d bytes (%.1f MiB)", bytes, bytes / 1024.0 / 1024.0);
    }

}
