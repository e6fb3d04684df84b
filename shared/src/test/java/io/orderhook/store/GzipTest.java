package io.orderhook.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GzipTest {

    static Stream<Arguments> bodies() {
        byte[] random = new byte[300_000];
        new Random(5).nextBytes(random);
        byte[] json = "{\"id\":1,\"line_items\":[{\"name\":\"Ullm\\u00f6ssa\",\"total\":\"80.00\"}]}".repeat(2000)
                .getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("empty", new byte[0], 0),
                Arguments.of("one byte", new byte[] {42}, 1),
                Arguments.of("order JSON", json, json.length),
                Arguments.of("the first half of order JSON", json, json.length / 2),
                Arguments.of("incompressible bytes (the output buffer grows)", random, random.length),
                Arguments.of("the first 256 KiB of incompressible bytes", random, 256 * 1024));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void whatIsCompressedReadsBackWithTheJdksGzipReader(String name, byte[] raw, int length) throws Exception {
        // Twice on the same thread: the per-thread deflater must start clean each time.
        for (int round = 0; round < 2; round++) {
            byte[] gzip = Gzip.compress(raw, length);

            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
                assertArrayEquals(Arrays.copyOf(raw, length), in.readAllBytes(), name);
            }
            assertArrayEquals(Arrays.copyOf(raw, length), Gzip.decompress(gzip), name);
        }
    }
}
