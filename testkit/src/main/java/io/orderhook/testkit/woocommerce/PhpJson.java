package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON text exactly as WordPress writes it: {@code wp_json_encode} calls PHP's
 * {@code json_encode} without {@code JSON_UNESCAPED_SLASHES} or {@code JSON_UNESCAPED_UNICODE},
 * so {@code /} becomes {@code \/} and every non-ASCII UTF-16 unit becomes a lowercase
 * {@code \\uxxxx}. Webhook signatures are computed over these exact bytes, so a receiver that
 * re-serialises the body before verifying it fails against this simulator as it would against
 * a real shop.
 */
final class PhpJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private PhpJson() {}

    static byte[] encode(JsonNode node) {
        return encodeToString(node).getBytes(StandardCharsets.US_ASCII);
    }

    static String encodeToString(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            generator.setCharacterEscapes(PhpEscapes.INSTANCE);
            MAPPER.writeTree(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static final class PhpEscapes extends CharacterEscapes {
        static final PhpEscapes INSTANCE = new PhpEscapes();
        private static final long serialVersionUID = 1L;
        private final int[] asciiEscapes;

        private PhpEscapes() {
            asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
            asciiEscapes['/'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '/') {
                return new SerializedString("\\/");
            }
            if (ch > 0x7f) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
