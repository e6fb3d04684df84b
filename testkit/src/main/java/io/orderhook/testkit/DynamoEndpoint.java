package io.orderhook.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Where a test DynamoDB answers (DynamoDB Local or LocalStack) and the clients that talk to it:
 * the ordinary SDK clients over HTTP, so every request crosses the same wire protocol as in AWS.
 */
public final class DynamoEndpoint {
    private final URI endpoint;
    private final Region region;
    private final StaticCredentialsProvider credentials;

    public DynamoEndpoint(URI endpoint, Region region, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }

    /** A client for this endpoint; interceptors let benchmarks and tests count requests. */
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

    /**
     * Creates a fresh table with a unique name and returns that name. The caller says what a
     * table is ({@code createTable(client, name)}, e.g. the application's own table definition):
     * the testkit knows DynamoDB, not the application's schema.
     */
    public String newTable(String prefix, BiConsumer<DynamoDbClient, String> createTable) {
        String name = prefix + "-" + Long.toUnsignedString(System.nanoTime(), 36);
        try (DynamoDbClient dynamo = client()) {
            createTable.accept(dynamo, name);
        }
        return name;
    }
}
