package io.orderhook.testkit.billmate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Billmate sandbox's own reading of a request, as Billmate's PHP server reads it: the body
 * decoded with {@code json_decode($body, true)}, {@code data} encoded again with
 * {@code json_encode} and signed with {@code hash_hmac('sha512', ..., $secret)} (Creating-hash.md).
 *
 * <p>Written from PHP's rules, not from the client's {@code BillmateJson}/{@code BillmateHash}, so
 * that the sandbox catches a client that encodes differently from PHP:
 * <ul>
 * <li>no whitespace; keys in the order received;</li>
 * <li>strings: {@code "} and {@code \} escaped, {@code /} as {@code \/}, {@code \b \f \n \r \t},
 *     other control characters as {@code \\u00XX}, every character above 0x7f as lowercase
 *     {@code \\uXXXX} in UTF-16 (a surrogate pair above the BMP), DEL (0x7f) as it is;</li>
 * <li>objects decode to PHP arrays: an empty object comes back as {@code []}, and an object whose
 *     keys are "0", "1", ... in order comes back as a list;</li>
 * <li>integers stay integers (-0 is 0) unless larger than PHP's 64 bits, which become floats;
 *     floats are written as PHP 7.1+ does ({@code serialize_precision = -1}): the shortest digits
 *     that read back as the same double, {@code 10.0} as {@code 10}, {@code 1.0e+25} and
 *     {@code 1.0e-5} outside 0.0001 .. 10^17.</li>
 * </ul>
 * Billmate converts text to ISO-8859-1 before it checks the hash; a character outside it becomes
 * "?" (Creating-hash.md, Data-types.md): {@link #serverHash} is the hash Billmate compares.
 */
public final class SandboxJson {
    private SandboxJson() {}

    // Floats are read as doubles, as PHP reads them (and -0.0 stays negative); integers exactly.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** A request body as the server decodes it: key order kept, integers exact, other numbers as doubles. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** PHP's {@code json_encode(json_decode($json, true))} of a JSON value. */
    public static String encode(JsonNode value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    /** {@code hash_hmac('sha512', json_encode($data), $secret)}: lowercase hex. */
    public static String hash(JsonNode data, String secret) {
        return hmacSha512(encode(data), secret);
    }

    /** The hash Billmate compares a request's hash with: over {@code data} after its ISO-8859-1 conversion. */
    public static String serverHash(JsonNode data, String secret) {
        return hash(latin1(data), secret);
    }

    /** Whether a request's {@code credentials.hash} is Billmate's hash of its data (hex case ignored, constant time). */
    public static boolean verifies(String hash, JsonNode data, String secret) {
        if (hash == null) {
            return false;
        }
        byte[] expected = serverHash(data, secret).getBytes(StandardCharsets.US_ASCII);
        byte[] given = hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** HMAC-SHA512 of the UTF-8 bytes of {@code text}, lowercase hex, as PHP's {@code hash_hmac}. */
    public static String hmacSha512(String text, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA512 is part of every Java runtime", e);
        }
    }

    /** The same value with every character outside ISO-8859-1 in strings and keys replaced by "?". */
    public static JsonNode latin1(JsonNode value) {
        if (value.isTextual()) {
            return JsonNodeFactory.instance.textNode(latin1(value.textValue()));
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(element -> copy.add(latin1(element)));
            return copy;
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(latin1(field.getKey()), latin1(field.getValue()));
            }
            return copy;
        }
        return value;
    }

    private static String latin1(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp <= 0xff) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                if (isList(node)) {
                    writeElements(node, out);
                } else {
                    out.append('{');
                    boolean first = true;
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> field = it.next();
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        string(field.getKey(), out);
                        out.append(':');
                        write(field.getValue(), out);
                    }
                    out.append('}');
                }
            }
            case ARRAY -> writeElements(node, out);
            case STRING -> string(node.textValue(), out);
            case NUMBER -> number(node, out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("json_encode has no text for a " + node.getNodeType() + " node");
        }
    }

    private static void writeElements(JsonNode node, StringBuilder out) {
        out.append('[');
        int i = 0;
        for (JsonNode element : node) {
            if (i++ > 0) {
                out.append(',');
            }
            write(element, out);
        }
        out.append(']');
    }

    /** A PHP array is written as a list when its keys are 0, 1, 2, ... in order (an empty one too). */
    private static boolean isList(JsonNode object) {
        int expected = 0;
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); expected++) {
            if (!names.next().equals(Integer.toString(expected))) {
                return false;
            }
        }
        return true;
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    // Text that came as UTF-8 has no lone surrogate; PHP's json_encode fails on invalid UTF-8.
                    throw new IllegalArgumentException("a lone UTF-16 surrogate is not text json_encode can write");
                }
                unicodeEscape(c, out);
                unicodeEscape(text.charAt(++i), out);
                continue;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7f) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    private static void number(JsonNode node, StringBuilder out) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
                out.append(value.longValue());
            } else {
                // json_decode turns an integer beyond 64 bits into a float.
                out.append(phpDouble(new BigDecimal(value).doubleValue()));
            }
            return;
        }
        out.append(phpDouble(node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue()));
    }

    /**
     * PHP's {@code php_gcvt(d, 17, '.', 'e')} in mode 0: the shortest decimal digits that read back
     * as {@code d}; positional between 0.0001 and 10^17, otherwise {@code D.DDDe±X} (at least one
     * digit after the point).
     */
    static String phpDouble(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0"; // json_encode writes 0 (and reports an error) for INF and NAN
        }
        StringBuilder out = new StringBuilder();
        if (value < 0 || (value == 0 && 1 / value < 0)) {
            out.append('-');
        }
        double size = Math.abs(value);
        if (size == 0) {
            return out.append('0').toString();
        }
        BigDecimal exact = new BigDecimal(size);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == size) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.DIGITS x 10^decpt
        if (decpt < 0 ? decpt < -3 : decpt > 17) {
            int exponent = decpt - 1;
            out.append(digits.charAt(0)).append('.').append(digits.length() > 1 ? digits.substring(1) : "0")
                    .append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        } else if (decpt <= 0) {
            out.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (digits.length() <= decpt) {
            out.append(digits).append("0".repeat(decpt - digits.length()));
        } else {
            out.append(digits, 0, decpt).append('.').append(digits.substring(decpt));
        }
        return out.toString();
    }
}
