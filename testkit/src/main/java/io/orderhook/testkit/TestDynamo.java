package io.orderhook.testkit;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB every test talks to. LocalStack (through Testcontainers) when Docker is
 * available and {@code LOCALSTACK_AUTH_TOKEN} is set; DynamoDB Local in-process otherwise,
 * after printing one line that says LocalStack was skipped and why. Either way the tests use
 * the ordinary SDK client over HTTP, and isolate themselves with {@link #newTable}.
 */
public final class TestDynamo {
    public static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
    private static TestDynamo instance;

    private final String backend;
    private final DynamoEndpoint endpoint;

    TestDynamo(String backend, DynamoEndpoint endpoint) {
        this.backend = backend;
        this.endpoint = endpoint;
    }

    /** The JVM-wide instance, chosen and started on first use. */
    public static synchronized TestDynamo get() {
        if (instance == null) {
            Optional<String> skipped = localStackSkipReason(System.getenv(), TestDynamo::testcontainersPresent,
                    TestDynamo::dockerAvailable);
            if (skipped.isEmpty()) {
                instance = LocalStackDynamo.start(System.getenv(TOKEN_VARIABLE));
            } else {
                System.out.println("LocalStack skipped: " + skipped.get() + "; using DynamoDB Local in-process");
                instance = new TestDynamo("DynamoDB Local", DynamoDbLocal.shared().connection());
            }
        }
        return instance;
    }

    /**
     * Why LocalStack cannot be used, or empty when it can. The checks are ordered cheapest
     * first, so a machine without a token never even asks Docker.
     */
    static Optional<String> localStackSkipReason(Map<String, String> env, BooleanSupplier testcontainersPresent,
                                                 BooleanSupplier dockerAvailable) {
        String token = env.get(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            return Optional.of(TOKEN_VARIABLE + " is not set");
        }
        if (!testcontainersPresent.getAsBoolean()) {
            return Optional.of("Testcontainers is not on this module's test classpath (add org.testcontainers:localstack)");
        }
        if (!dockerAvailable.getAsBoolean()) {
            return Optional.of("Docker is not available");
        }
        return Optional.empty();
    }

    /** "DynamoDB Local" or "LocalStack". */
    public String backend() {
        return backend;
    }

    public URI endpoint() {
        return endpoint.endpoint();
    }

    public Region region() {
        return endpoint.region();
    }

    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return endpoint.client(interceptors);
    }

    public DynamoDbStreamsClient streamsClient() {
        return endpoint.streamsClient();
    }

    /** Creates a fresh table with a unique name ({@link DynamoEndpoint#newTable}) and returns that name. */
    public String newTable(String prefix, BiConsumer<DynamoDbClient, String> createTable) {
        return endpoint.newTable(prefix, createTable);
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.containers.localstack.LocalStackContainer", false,
                    TestDynamo.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        return LocalStackDynamo.dockerAvailable();
    }
}
