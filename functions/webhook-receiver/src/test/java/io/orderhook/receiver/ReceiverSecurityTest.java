package io.orderhook.receiver;

import static io.orderhook.receiver.Deliveries.order;
import static io.orderhook.receiver.Deliveries.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.intake.WebhookIntake;
import io.orderhook.shop.woocommerce.WebhookSignature;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A shop cannot act on another shop's orders, and the signature check leaks nothing through
 * its timing. (Admin routes do not exist yet; their checks arrive with them.)
 */
class ReceiverSecurityTest {
    private final ReceiverFixture fixture = new ReceiverFixture();

    static Stream<Arguments> crossShopDeliveries() {
        byte[] body = utf8(order(5150));
        return Stream.of(
                Arguments.of("shop demo's signature posted to shop other's URL", "other", body, ReceiverFixture.DEMO_SECRET),
                Arguments.of("shop other's signature posted to shop demo's URL", "demo", body, ReceiverFixture.OTHER_SECRET),
                Arguments.of("both signatures joined, posted to a third shop", "nosuchshop", body, null),
                Arguments.of("demo's signature to a shop id that tries to reach other's keys", "demo#ORDER#5150", body,
                        ReceiverFixture.DEMO_SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossShopDeliveries")
    void aBodySignedForOneShopIsRefusedAtAnotherShopsUrlAndNothingIsStored(String name, String postedTo, byte[] body,
                                                                            String secret) {
        Map<String, String> headers = new HashMap<>(Deliveries.headers("order.updated", body, secret));
        if (secret == null) {
            headers.put("x-wc-webhook-signature", Deliveries.hmacBase64(body, ReceiverFixture.DEMO_SECRET) + ","
                    + Deliveries.hmacBase64(body, ReceiverFixture.OTHER_SECRET));
        }

        APIGatewayV2HTTPResponse response = fixture.post(Deliveries.event(postedTo, headers, body));

        assertTrue(Set.of(401, 404).contains(response.getStatusCode()), name + ": " + response.getBody());
        assertEquals(List.of(), fixture.storedDeliveries(), name);
    }

    @Test
    void aShopsDeliveryAboutAnotherShopsOrderIdLandsOnlyUnderTheSendingShop() {
        // Shop other has order 5150; shop demo sends a body about "its" order 5150, naming other's URL inside.
        fixture.post(Deliveries.event("other", Deliveries.headers("order.updated", utf8(order(5150)), ReceiverFixture.OTHER_SECRET),
                utf8(order(5150))));
        byte[] demoBody = utf8(order(5150, "cancelled", "2024-05-03T07:00:00")
                .replace("\"currency\"", "\"_links\":{\"self\":[{\"href\":\"https://other.example/wp-json/wc/v3/orders/5150\"}]},\"currency\""));

        APIGatewayV2HTTPResponse response = fixture.post(Deliveries.signed("order.updated", demoBody));

        assertEquals("{\"status\":\"accepted\"}", response.getBody());
        Map<String, List<String>> bodiesByPartition = new HashMap<>();
        for (Map<String, AttributeValue> item : fixture.inboxItems()) {
            bodiesByPartition.computeIfAbsent(item.get("PK").s(), pk -> new ArrayList<>()).add(item.get("bodyHash").s());
        }
        assertEquals(Map.of(
                "SHOP#other#ORDER#5150", List.of(Deliveries.sha256Hex(utf8(order(5150)))),
                "SHOP#demo#ORDER#5150", List.of(Deliveries.sha256Hex(demoBody))), bodiesByPartition,
                "each shop's delivery is under its own partition; demo's cancel never touches other's order");
        assertEquals("demo", fixture.inboxItems().stream().filter(i -> i.get("PK").s().startsWith("SHOP#demo#"))
                .findFirst().orElseThrow().get("shopId").s());
    }

    @Test
    void aSignedButUnreadableDeliveryIsQuarantinedUnderTheSendingShopOnly() {
        byte[] body = utf8("{\"id\":5150,\"shop\":\"other\"");
        fixture.post(Deliveries.signed("order.updated", body));

        assertEquals(List.of("SHOP#demo#QUARANTINE"), fixture.quarantineItems().stream().map(i -> i.get("PK").s()).toList());
    }

    @Test
    void theSignatureIsComparedInConstantTimeOverTheFixedLengthDigest() throws IOException {
        // Structural proof, read from the compiled class: the only comparison of a presented
        // signature is MessageDigest.isEqual (whose time does not depend on where the bytes
        // differ), and neither verify nor digestsMatch calls an early-exit comparison.
        Map<String, List<String>> calls = Bytecode.invocationsByMethod(WebhookSignature.class);
        assertTrue(calls.get("digestsMatch").contains("java/security/MessageDigest.isEqual([B[B)Z"), calls.get("digestsMatch").toString());
        assertTrue(calls.get("verify").contains("io/orderhook/shop/woocommerce/WebhookSignature.digestsMatch([BLjava/lang/String;)Z"),
                calls.get("verify").toString());
        for (String method : List.of("verify", "digestsMatch")) {
            for (String call : calls.get(method)) {
                assertFalse(call.startsWith("java/util/Arrays.equals") || call.startsWith("java/lang/String.equals")
                        || call.startsWith("java/lang/String.contentEquals") || call.startsWith("java/lang/String.compareTo")
                        || call.startsWith("java/util/Objects.equals") || call.startsWith("java/nio/ByteBuffer.equals"),
                        method + " calls " + call);
            }
        }
        // The intake leaves the comparison to WebhookSignature.verify.
        Map<String, List<String>> intakeCalls = Bytecode.invocationsByMethod(WebhookIntake.class);
        assertTrue(intakeCalls.values().stream().flatMap(List::stream)
                .anyMatch(call -> call.startsWith("io/orderhook/shop/woocommerce/WebhookSignature.verify(")));
        assertTrue(intakeCalls.values().stream().flatMap(List::stream)
                .noneMatch(call -> call.startsWith("java/security/MessageDigest.isEqual") || call.startsWith("java/util/Arrays.equals")));
        // The expected side is always the 32-byte HMAC-SHA256, whatever the body.
        for (String body : List.of("", "x", order(1))) {
            assertEquals(32, Base64.getDecoder().decode(WebhookSignature.sign(utf8(body), "k")).length);
        }
    }

    @Test
    void aSignatureDifferingOnlyInItsFirstOrLastByteIsRefusedAlike() {
        byte[] body = utf8(order(1));
        byte[] hmac = Base64.getDecoder().decode(Deliveries.hmacBase64(body, ReceiverFixture.DEMO_SECRET));
        for (int position : new int[] {0, 15, 31}) {
            byte[] presented = hmac.clone();
            presented[position] ^= 1;
            APIGatewayV2HTTPEvent event = Deliveries.signed("order.updated", body);
            event.getHeaders().put("x-wc-webhook-signature", Base64.getEncoder().encodeToString(presented));

            APIGatewayV2HTTPResponse response = fixture.post(event);

            assertEquals(401, response.getStatusCode(), "byte " + position);
        }
        assertEquals(List.of(), fixture.storedDeliveries());
    }

    /**
     * Just enough of the class file format (JVMS chapter 4) to list, per method, the methods it
     * invokes, walking the bytecode instruction by instruction.
     */
    static final class Bytecode {
        private Bytecode() {}

        static Map<String, List<String>> invocationsByMethod(Class<?> type) throws IOException {
            String resource = "/" + type.getName().replace('.', '/') + ".class";
            try (InputStream in = type.getResourceAsStream(resource)) {
                return parse(new DataInputStream(new ByteArrayInputStream(in.readAllBytes())));
            }
        }

        private static Map<String, List<String>> parse(DataInputStream in) throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            Object[] pool = new Object[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> pool[i] = in.readUTF();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> pool[i] = new int[] {in.readUnsignedShort()};
                    case 9, 10, 11, 12, 17, 18 -> pool[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.skipBytes(2 * in.readUnsignedShort());
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            Map<String, List<String>> calls = new HashMap<>();
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();
                String name = (String) pool[in.readUnsignedShort()];
                in.readUnsignedShort();
                List<String> invoked = calls.computeIfAbsent(name, n -> new ArrayList<>());
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = (String) pool[in.readUnsignedShort()];
                    int length = in.readInt();
                    byte[] content = in.readNBytes(length);
                    if (attribute.equals("Code")) {
                        DataInputStream code = new DataInputStream(new ByteArrayInputStream(content));
                        code.skipBytes(4);
                        invoked.addAll(invocations(code.readNBytes(code.readInt()), pool));
                    }
                }
            }
            return calls;
        }

        private static void skipAttributes(DataInputStream in) throws IOException {
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.readUnsignedShort();
                in.skipBytes(in.readInt());
            }
        }

        private static List<String> invocations(byte[] code, Object[] pool) {
            List<String> invoked = new ArrayList<>();
            int pc = 0;
            while (pc < code.length) {
                int opcode = code[pc] & 0xFF;
                if (opcode >= 0xB6 && opcode <= 0xB9) {
                    int[] ref = (int[]) pool[u2(code, pc + 1)];
                    String owner = (String) pool[((int[]) pool[ref[0]])[0]];
                    int[] nameAndType = (int[]) pool[ref[1]];
                    invoked.add(owner + "." + pool[nameAndType[0]] + pool[nameAndType[1]]);
                }
                pc += length(code, pc, opcode);
            }
            return invoked;
        }

        private static int length(byte[] code, int pc, int opcode) {
            if (opcode == 0xAA || opcode == 0xAB) {
                int base = pc + 1 + (3 - pc % 4);
                if (opcode == 0xAA) {
                    int low = s4(code, base + 4);
                    int high = s4(code, base + 8);
                    return base - pc + 12 + 4 * (high - low + 1);
                }
                return base - pc + 8 + 8 * s4(code, base + 4);
            }
            if (opcode == 0xC4) {
                return (code[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
            }
            if (opcode == 0x10 || opcode == 0x12 || (opcode >= 0x15 && opcode <= 0x19) || (opcode >= 0x36 && opcode <= 0x3A)
                    || opcode == 0xA9 || opcode == 0xBC) {
                return 2;
            }
            if (opcode == 0x11 || opcode == 0x13 || opcode == 0x14 || opcode == 0x84 || (opcode >= 0x99 && opcode <= 0xA8)
                    || (opcode >= 0xB2 && opcode <= 0xB8) || opcode == 0xBB || opcode == 0xBD || opcode == 0xC0 || opcode == 0xC1
                    || opcode == 0xC6 || opcode == 0xC7) {
                return 3;
            }
            if (opcode == 0xC5) {
                return 4;
            }
            if (opcode == 0xB9 || opcode == 0xBA || opcode == 0xC8 || opcode == 0xC9) {
                return 5;
            }
            return 1;
        }

        private static int u2(byte[] code, int at) {
            return ((code[at] & 0xFF) << 8) | (code[at + 1] & 0xFF);
        }

        private static int s4(byte[] code, int at) {
            return (code[at] << 24) | ((code[at + 1] & 0xFF) << 16) | ((code[at + 2] & 0xFF) << 8) | (code[at + 3] & 0xFF);
        }
    }
}
