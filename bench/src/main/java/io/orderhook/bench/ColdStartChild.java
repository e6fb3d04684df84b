package io.orderhook.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.receiver.WebhookReceiverHandler;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one fresh JVM of the cold-start benchmark runs, on the receiver's deployment jar alone
 * (it uses nothing else: no nested classes, nothing from the bench or testkit):
 * {@code receiver} builds the handler as Lambda does (its no-arg constructor, configured by the
 * environment) and handles one signed delivery; {@code putitem} only builds an SDK DynamoDB
 * client the same way and writes one item of the same size. Prints one line
 * {@code RESULT <outcome> <init ms> <first call ms>}, times measured inside main.
 */
public final class ColdStartChild {
    private ColdStartChild() {}

    public static void main(String[] args) {
        long started = System.nanoTime();
        String body = System.getenv("COLDSTART_BODY");
        String outcome;
        long initialised;
        if (args[0].equals("receiver")) {
            WebhookReceiverHandler handler = new WebhookReceiverHandler();
            initialised = System.nanoTime();
            Map<String, String> headers = new HashMap<>();
            headers.put("content-type", "application/json");
            headers.put("x-wc-webhook-topic", "order.updated");
            headers.put("x-wc-webhook-id", "12");
            headers.put("x-wc-webhook-delivery-id", "d41d8cd98f00b204e9800998ecf8427e");
            headers.put("x-wc-webhook-signature", System.getenv("COLDSTART_SIGNATURE"));
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            event.setRouteKey("POST /webhooks/woocommerce/{shopId}");
            event.setRawPath("/webhooks/woocommerce/demo");
            event.setPathParameters(Map.of("shopId", "demo"));
            event.setHeaders(headers);
            event.setBody(body);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            outcome = response.getStatusCode() + ":" + response.getBody().replace(' ', '_');
        } else {
            DynamoDbClient dynamo = DynamoDbClient.builder()
                    .region(Region.of(System.getenv("AWS_REGION")))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.builder().build())
                    .build();
            initialised = System.nanoTime();
            String orderId = System.getenv("COLDSTART_ORDER");
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("PK", AttributeValue.fromS("SHOP#demo#ORDER#" + orderId));
            item.put("SK", AttributeValue.fromS("EVENT#2024-05-03T06:30:00#" + System.getenv("COLDSTART_HASH")));
            item.put("type", AttributeValue.fromS("INBOX"));
            item.put("shopId", AttributeValue.fromS("demo"));
            item.put("orderId", AttributeValue.fromS(orderId));
            item.put("topic", AttributeValue.fromS("order.updated"));
            item.put("deliveryId", AttributeValue.fromS("d41d8cd98f00b204e9800998ecf8427e"));
            item.put("webhookId", AttributeValue.fromS("12"));
            item.put("modifiedGmt", AttributeValue.fromS("2024-05-03T06:30:00"));
            item.put("bodyHash", AttributeValue.fromS(System.getenv("COLDSTART_HASH")));
            item.put("body", AttributeValue.fromS(body));
            item.put("receivedAt", AttributeValue.fromS(Instant.now().toString()));
            item.put("expiresAt", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() + 30 * 86400)));
            dynamo.putItem(b -> b.tableName(System.getenv("TABLE_NAME")).item(item));
            outcome = "put";
        }
        long done = System.nanoTime();
        System.out.println("RESULT " + outcome + " " + (initialised - started) / 1_000_000.0 + " " + (done - initialised) / 1_000_000.0);
    }
}
