package io.orderhook.intake;

import java.io.IOException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.orderhook.json.Json;

/**
 * The two fields the receiver needs from an order body: {@code id} and
 * {@code date_modified_gmt}. Read with a streaming parser that skips everything else, so a
 * 300-line order costs one pass and no tree; the pass still checks that the whole body is
 * well-formed JSON.
 */
final class WebhookBody {
    /** WooCommerce's REST format: GMT, seconds, no zone suffix. */
    private static final Pattern MODIFIED_GMT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern ORDER_ID = Pattern.compile("[1-9][0-9]{0,18}");

    private WebhookBody() {}

    sealed interface Read {
        /** @param modifiedGmt {@code null} when the body has none (order.deleted) */
        record Order(String orderId, String modifiedGmt) implements Read {}
        record Unreadable(String reason) implements Read {}
    }

    static Read read(byte[] body) {
        String orderId = null;
        String modifiedGmt = null;
        boolean sawModified = false;
        try (JsonParser parser = Json.factory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Read.Unreadable("body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field)) {
                    // WooCommerce sends a number; some plugins re-encode ids as strings.
                    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING) {
                        orderId = parser.getText();
                    }
                    parser.skipChildren();
                } else if ("date_modified_gmt".equals(field)) {
                    sawModified = true;
                    if (value == JsonToken.VALUE_STRING) {
                        modifiedGmt = parser.getText();
                    }
                    parser.skipChildren();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                return new Read.Unreadable("body has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            // The original message has no source excerpt: the body never reaches a log or a response.
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return new Read.Unreadable("body is not valid JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return new Read.Unreadable("body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            return new Read.Unreadable("body has no positive integer \"id\"");
        }
        if (sawModified && modifiedGmt != null && !MODIFIED_GMT.matcher(modifiedGmt).matches()) {
            return new Read.Unreadable("\"date_modified_gmt\" is not in WooCommerce's format yyyy-MM-ddTHH:mm:ss");
        }
        return new Read.Order(orderId, modifiedGmt);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
