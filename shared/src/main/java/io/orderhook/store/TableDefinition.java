package io.orderhook.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The one table orderhook keeps all its state in. template.yaml declares the same
 * table for AWS; tests and local mode create it with {@link #create}. A test reads
 * template.yaml and checks the two agree.
 */
public final class TableDefinition {
    public static final String PK = "PK";
    public static final String SK = "SK";
    /** Epoch seconds; DynamoDB's TTL deletes the item some time after. */
    public static final String TTL = "expiresAt";
    /** Sparse index of notes the shop has not accepted yet (the outbox). */
    public static final String OUTBOX_INDEX = "outbox";
    public static final String OUTBOX_PK = "outboxPk";
    public static final String OUTBOX_SK = "outboxSk";
    /** Sparse index of orders with a declined step due to be tried again (keys only). */
    public static final String DUE_INDEX = "due";
    public static final String DUE_PK = "duePk";
    public static final String DUE_SK = "dueSk";
    /** Sparse index of reserved orders by the time their authorisation lapses (keys only; {@link ExpiryKeys}). */
    public static final String EXPIRY_INDEX = "expiry";
    public static final String EXPIRY_PK = "expiryPk";
    public static final String EXPIRY_SK = "expirySk";

    private TableDefinition() {}

    public static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(PK), attribute(SK), attribute(OUTBOX_PK), attribute(OUTBOX_SK),
                            attribute(DUE_PK), attribute(DUE_SK), attribute(EXPIRY_PK), attribute(EXPIRY_SK))
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(OUTBOX_INDEX)
                            .keySchema(key(OUTBOX_PK, KeyType.HASH), key(OUTBOX_SK, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build(), GlobalSecondaryIndex.builder()
                            .indexName(DUE_INDEX)
                            .keySchema(key(DUE_PK, KeyType.HASH), key(DUE_SK, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                            .build(), GlobalSecondaryIndex.builder()
                            .indexName(EXPIRY_INDEX)
                            .keySchema(key(EXPIRY_PK, KeyType.HASH), key(EXPIRY_SK, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                            .build())
                    .streamSpecification(StreamSpecification.builder()
                            .streamEnabled(true)
                            .streamViewType(StreamViewType.NEW_IMAGE)
                            .build())
                    .build());
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamo.updateTimeToLive(UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(TTL).enabled(true).build())
                .build());
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
