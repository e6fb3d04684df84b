package io.orderhook.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing the attribute values of orderhook's items; absent means null or empty. */
final class Attributes {
    private Attributes() {}

    /**
     * Every item of one partition whose sort key starts with {@code sortKeyPrefix} (null: all of
     * them), in key order, read consistently, all pages (the SDK's paginator follows LastEvaluatedKey).
     */
    static Stream<Map<String, AttributeValue>> partition(DynamoDbClient dynamo, String table,
                                                         String partitionKey, String sortKeyPrefix) {
        // DynamoDB refuses an empty string as a key value, so "everything" leaves the sort key out.
        boolean all = sortKeyPrefix == null;
        Map<String, String> names = all ? Map.of("#pk", TableDefinition.PK)
                : Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK);
        Map<String, AttributeValue> values = all ? Map.of(":pk", AttributeValue.fromS(partitionKey))
                : Map.of(":pk", AttributeValue.fromS(partitionKey), ":prefix", AttributeValue.fromS(sortKeyPrefix));
        return dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression(all ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values))
                .items().stream();
    }

    static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    static void putN(Map<String, AttributeValue> item, String name, long value) {
        item.put(name, AttributeValue.fromN(Long.toString(value)));
    }

    static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value.toString()));
        }
    }

    static AttributeValue list(Collection<String> values) {
        List<AttributeValue> list = new ArrayList<>();
        values.forEach(v -> list.add(AttributeValue.fromS(v)));
        return AttributeValue.fromL(list);
    }

    static AttributeValue map(Map<String, String> values) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        values.forEach((k, v) -> map.put(k, AttributeValue.fromS(v)));
        return AttributeValue.fromM(map);
    }

    static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String s = s(item, name);
        return s == null ? null : Instant.parse(s);
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasL()) {
            return List.of();
        }
        return v.l().stream().map(AttributeValue::s).toList();
    }

    static Map<String, String> stringMap(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasM()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.m().forEach((k, value) -> out.put(k, value.s()));
        return out;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(TableDefinition.PK, AttributeValue.fromS(pk), TableDefinition.SK, AttributeValue.fromS(sk));
    }
}
