package io.orderhook.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.orderhook.store.TableDefinition;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB every test talks to. LocalStack (through Testcontainers) when Docker is
 * available and {@code LOCALSTACK_AUTH_TOKEN} is set; DynamoDB Local in-process otherwise,
 * after printing one line that says LocalStack was skipped and why. Either way the tests use
 * the ordinary SDK client over HTTP, and isolate themselves with {@link #newTable(String)}.
 */
public final class TestDynamo {
    public static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
    private static TestDynamo instance;

    private final String backend;
    private final URI endpoint;
    private final Region region;
    private final StaticCredentialsProvider credentials;

    TestDynamo(String backend, URI endpoint, Region region, String accessKey, String secretKey) {
        this.backend = backend;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
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
                DynamoDbLocal local = DynamoDbLocal.shared();
                // DynamoDB Local accepts any credentials; these never leave the machine.
                instance = new TestDynamo("DynamoDB Local", local.endpoint(), Region.US_EAST_1, "local", "local");
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
        return endpoint;
    }

    public Region region() {
        return region;
    }

    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(List.of(interceptors))
                        .build())
                .build();
    }

    public DynamoDbStreamsClient streamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates a fresh orderhook table with a unique name and returns that name. */
    public String newTable(String prefix) {
        String name = prefix + "-" + Long.toUnsignedString(System.nanoTime(), 36);
        try (DynamoDbClient dynamo = client()) {
            TableDefinition.create(dynamo, name);
        }
        return name;
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
