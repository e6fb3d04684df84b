package io.orderhook.intake;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.orderhook.json.Json;

/**
 * The two fields the receiver needs from an order body: {@code id} and
 * {@code date_modified_gmt}, and the body as text. Read with a streaming parser that skips
 * everything else, so a 300-line order costs one pass and no tree; the pass still checks that
 * the whole body is well-formed JSON.
 *
 * <p>The body must be UTF-8 without a byte order mark, because the inbox stores it as text and
 * the processor parses that text: Jackson would also read UTF-16 or UTF-32 bytes, or skip a
 * BOM, and the stored text would then be something the processor cannot read.
 */
final class WebhookBody {
    /** WooCommerce's REST format: GMT, seconds, no zone suffix. */
    private static final Pattern MODIFIED_GMT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    private static final DateTimeFormatter STRICT_GMT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    /** Order ids are WordPress post ids: PHP integers, so at most a signed 64-bit value. */
    private static final Pattern ORDER_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final String LARGEST_ORDER_ID = Long.toString(Long.MAX_VALUE);
    /** Jackson quotes a piece of the input in some messages ("Unrecognized token 'abc...'"). */
    private static final Pattern QUOTED_EXCERPT = Pattern.compile("'([^']*)'");
    /** Quoted words in Jackson's messages that are its own vocabulary, not body content. */
    private static final Set<String> JACKSON_WORDS = Set.of("null", "true", "false", "NaN", "Infinity",
            "-Infinity", "+Infinity", "INF", "-INF", "+INF");

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private WebhookBody() {}

    sealed interface Read {
        /**
         * @param modifiedGmt {@code null} when the body has none (order.deleted)
         * @param text the whole body as text (it was checked to be UTF-8)
         */
        /**
         * @param localDateModified the body has a {@code date_modified} (local time) but no {@code *_gmt} fields:
         *                          the webhook is set to an older API version, whose bodies orderhook cannot order
         */
        record Order(String orderId, String modifiedGmt, String text, boolean localDateModified) implements Read {}
        record Unreadable(String reason) implements Read {}
    }

    static Read read(byte[] body) {
        try {
            return readChecked(body);
        } catch (RuntimeException e) {
            // Whatever the parser throws, a signed body must reach the quarantine, not vanish.
            return new Read.Unreadable("body could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Read readChecked(byte[] body) {
        Object text = text(body);
        if (text instanceof Read.Unreadable unreadable) {
            return unreadable;
        }
        String orderId = null;
        String idProblem = "none";
        String modifiedGmt = null;
        boolean sawId = false;
        boolean sawModified = false;
        boolean sawLocalModified = false;
        boolean sawLegacyWrapper = false;
        // The bytes are UTF-8 without BOM and without NUL bytes, so Jackson's encoding detection
        // picks UTF-8 and the byte parser reads exactly the text we store.
        try (JsonParser parser = Json.factory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Read.Unreadable("body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field)) {
                    if (sawId) {
                        // PHP and Jackson keep the last one; a body that names two orders is not one we act on.
                        return new Read.Unreadable("body has more than one top-level \"id\" field");
                    }
                    sawId = true;
                    // WooCommerce sends a number; some plugins re-encode ids as strings.
                    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING) {
                        orderId = parser.getText();
                    } else {
                        idProblem = describe(value);
                    }
                    parser.skipChildren();
                } else if ("date_modified_gmt".equals(field)) {
                    if (sawModified) {
                        return new Read.Unreadable("body has more than one top-level \"date_modified_gmt\" field");
                    }
                    sawModified = true;
                    if (value == JsonToken.VALUE_STRING) {
                        modifiedGmt = parser.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        return new Read.Unreadable("\"date_modified_gmt\" is " + describe(value) + ", not a string");
                    }
                    parser.skipChildren();
                } else {
                    sawLocalModified |= "date_modified".equals(field) || "updated_at".equals(field);
                    sawLegacyWrapper |= "order".equals(field) && value == JsonToken.START_OBJECT;
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                return new Read.Unreadable("body has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return new Read.Unreadable("body is not valid JSON" + where + ": " + withoutExcerpts(firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            return new Read.Unreadable("body is not valid JSON: " + withoutExcerpts(firstLine(e.getMessage())));
        }
        String idReason = orderIdProblem(orderId, idProblem);
        if (idReason != null) {
            // The legacy REST API (WooCommerce before 2.6, or its plugin) wraps the order: {"order": {...}}.
            return new Read.Unreadable(sawLegacyWrapper && orderId == null ? idReason + "; " + API_VERSION_ADVICE : idReason);
        }
        if (modifiedGmt != null && !isWooGmt(modifiedGmt)) {
            return new Read.Unreadable("\"date_modified_gmt\" is not a real date and time in WooCommerce's format "
                    + "yyyy-MM-ddTHH:mm:ss");
        }
        return new Read.Order(orderId, modifiedGmt, (String) text, sawLocalModified && modifiedGmt == null);
    }

    /** What the merchant changes when a webhook delivers bodies of an API version without GMT dates. */
    static final String API_VERSION_ADVICE = "the webhook delivers an older API version's body: in WooCommerce > Settings > "
            + "Advanced > Webhooks set its API version to \"WP REST API Integration v3\", then replay this delivery";

    /** The body as text, or why it is not UTF-8 JSON text. */
    private static Object text(byte[] body) {
        if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            return new Read.Unreadable("body starts with a UTF-8 byte order mark, which WooCommerce never sends "
                    + "(a plugin or proxy added it)");
        }
        // wp_json_encode escapes every non-ASCII character, so WooCommerce bodies are ASCII: one cheap pass.
        int first = firstNulOrNonAscii(body);
        if (first < 0) {
            return new String(body, StandardCharsets.US_ASCII);
        }
        if (body[first] == 0) {
            return nulByte(first);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        String text;
        try {
            text = decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            return new Read.Unreadable("body is not valid UTF-8 (bad byte sequence near byte " + in.position() + ")");
        }
        int nul = text.indexOf('\0');
        return nul < 0 ? text : nulByte(text.substring(0, nul).getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * The index of the first byte that is 0x00 or not ASCII, or -1. Eight bytes at a time: a
     * 300-line order is 100 KiB, and this runs on every delivery.
     */
    static int firstNulOrNonAscii(byte[] body) {
        int i = 0;
        for (int end = body.length - 7; i < end; i += 8) {
            long word = (long) LONGS.get(body, i);
            long nonAscii = word & 0x8080808080808080L;
            // The classic "has a zero byte" test: exact about whether one exists in the word.
            long zero = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if ((nonAscii | zero) != 0) {
                break;
            }
        }
        for (; i < body.length; i++) {
            if (body[i] <= 0) {
                return i;
            }
        }
        return -1;
    }

    private static Read.Unreadable nulByte(int offset) {
        // A NUL byte can never be part of UTF-8 JSON; UTF-16 and UTF-32 text is full of them.
        return new Read.Unreadable("body has a NUL byte at byte " + offset + ": it is not UTF-8 JSON "
                + "(UTF-16 or UTF-32 text, or binary data)");
    }

    private static String orderIdProblem(String orderId, String idProblem) {
        if (orderId == null) {
            return "body has no positive integer \"id\" (found " + idProblem + ")";
        }
        if (!ORDER_ID.matcher(orderId).matches()) {
            String found = orderId.startsWith("-") || orderId.equals("0") ? "zero or a negative number"
                    : orderId.matches("[0-9]+") ? "a number with leading zeros or over 19 digits" : "a string that is not a number";
            return "body has no positive integer \"id\" (found " + found + ")";
        }
        if (orderId.length() == LARGEST_ORDER_ID.length() && orderId.compareTo(LARGEST_ORDER_ID) > 0) {
            return "body has no positive integer \"id\" (found a number over " + LARGEST_ORDER_ID
                    + ", larger than any WooCommerce order id)";
        }
        return null;
    }

    private static boolean isWooGmt(String value) {
        if (!MODIFIED_GMT.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDateTime.parse(value, STRICT_GMT);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_NUMBER_INT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "a " + token.name().toLowerCase();
        };
    }

    /**
     * Jackson's messages quote a piece of the body ("Unrecognized token 'abc'"); reasons go into
     * responses, logs and the quarantine item's reason, so body content is replaced by its length.
     */
    static String withoutExcerpts(String message) {
        Matcher m = QUOTED_EXCERPT.matcher(message);
        StringBuilder out = new StringBuilder(message.length());
        while (m.find()) {
            String quoted = m.group(1);
            String kept = quoted.length() <= 1 || JACKSON_WORDS.contains(quoted)
                    ? m.group() : "'<" + quoted.length() + " characters>'";
            m.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // "(start marker at [Source: REDACTED ...; line: 1, column: 1])" says nothing a merchant can use.
        int marker = line.indexOf(" (start marker at");
        line = marker < 0 ? line : line.substring(0, marker);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
