package io.orderhook.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TestDynamoTest {

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of(Map.of(), true, true, "LOCALSTACK_AUTH_TOKEN is not set"),
                Arguments.of(Map.of("LOCALSTACK_AUTH_TOKEN", " "), true, true, "LOCALSTACK_AUTH_TOKEN is not set"),
                Arguments.of(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token"), false, true, "Testcontainers is not on"),
                Arguments.of(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token"), true, false, "Docker is not available"),
                Arguments.of(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token"), true, true, null));
    }

    @ParameterizedTest
    @MethodSource("environments")
    void localStackIsUsedOnlyWithATokenTestcontainersAndDocker(Map<String, String> env, boolean testcontainers,
                                                              boolean docker, String reasonStart) {
        Optional<String> reason = TestDynamo.localStackSkipReason(env, () -> testcontainers, () -> docker);
        if (reasonStart == null) {
            assertEquals(Optional.empty(), reason);
        } else {
            assertTrue(reason.orElseThrow().startsWith(reasonStart), reason.get());
        }
    }

    @Test
    void theChosenBackendCreatesTablesThatKeepWhatIsWritten() {
        TestDynamo dynamo = TestDynamo.get();
        String table = dynamo.newTable("testdynamo", PlainTable::create);
        try (DynamoDbClient client = dynamo.client()) {
            client.putItem(b -> b.tableName(table).item(Map.of(
                    "PK", AttributeValue.fromS("SHOP#demo"), "SK", AttributeValue.fromS("CONFIG"),
                    "shopUrl", AttributeValue.fromS("https://shop.example"))));
            var item = client.getItem(b -> b.tableName(table).key(Map.of(
                    "PK", AttributeValue.fromS("SHOP#demo"), "SK", AttributeValue.fromS("CONFIG")))).item();
            assertEquals("https://shop.example", item.get("shopUrl").s());
        }
        assertTrue(dynamo.backend().equals("DynamoDB Local") || dynamo.backend().equals("LocalStack"));
    }
}
