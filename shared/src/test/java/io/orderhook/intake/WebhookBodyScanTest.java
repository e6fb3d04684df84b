package io.orderhook.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookBodyScanTest {

    /** Lengths around the 8-byte words, every position of one bad byte, each kind of bad byte. */
    static Stream<Arguments> bodiesWithOneBadByte() {
        return IntStream.of(1, 2, 7, 8, 9, 15, 16, 17, 24, 33).boxed().flatMap(length -> IntStream.range(0, length).boxed()
                .flatMap(position -> Stream.of((byte) 0x00, (byte) 0x80, (byte) 0xC3, (byte) 0xFF)
                        .map(bad -> Arguments.of(length, position, bad))));
    }

    @ParameterizedTest(name = "length {0}, byte {2} at {1}")
    @MethodSource("bodiesWithOneBadByte")
    void theWordAtATimeScanFindsTheFirstNulOrNonAsciiByteWhereverItIs(int length, int position, byte bad) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) '{');
        body[position] = bad;
        if (position + 1 < length) {
            body[length - 1] = 0; // a later NUL must not be reported first
        }

        assertEquals(position, WebhookBody.firstNulOrNonAscii(body));
    }

    @ParameterizedTest(name = "length {0}")
    @MethodSource("asciiLengths")
    void anAsciiBodyHasNone(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) (1 + i % 127);
        }

        assertEquals(-1, WebhookBody.firstNulOrNonAscii(body));
    }

    static IntStream asciiLengths() {
        return IntStream.of(0, 1, 7, 8, 9, 15, 16, 17, 1000, 108_363);
    }
}
