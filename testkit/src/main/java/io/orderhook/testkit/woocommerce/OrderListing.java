package io.orderhook.testkit.woocommerce;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /orders} as WooCommerce's CRUD controller reads its query: {@code per_page} 1 to 100
 * and {@code page} from 1 (anything else is a 400 {@code rest_invalid_param}, not clamped);
 * {@code modified_after}/{@code modified_before} and {@code after}/{@code before} strictly after
 * or before (WordPress's {@code date_query} is not inclusive), against the GMT dates when
 * {@code dates_are_gmt=true} and the site's local dates otherwise; {@code orderby} {@code date}
 * (default), {@code id} or {@code modified}, with the id appended as tie-breaker for the two
 * dates, {@code order} {@code desc} by default.
 */
final class OrderListing {
    /** WordPress's rest_parse_date: a date, 'T' or a space, a time, optional fraction and zone. */
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|z|[+-]\\d{2}(:?\\d{2})?)?");
    private static final List<String> ORDER_BY = List.of("date", "id", "include", "title", "slug", "modified");

    record Query(Predicate<ShopOrder> filter, Comparator<ShopOrder> order, int perPage, int page) {}

    private OrderListing() {}

    static Query read(Map<String, String> query, ZoneId siteZone) {
        int perPage = intParam(query, "per_page", 10, 1, 100);
        int page = intParam(query, "page", 1, 1, Integer.MAX_VALUE);
        boolean gmt = bool(query, "dates_are_gmt");
        ZoneId zone = gmt ? ZoneOffset.UTC : siteZone;
        Predicate<ShopOrder> filter = o -> true;
        Instant modifiedAfter = date(query, "modified_after", zone);
        Instant modifiedBefore = date(query, "modified_before", zone);
        Instant after = date(query, "after", zone);
        Instant before = date(query, "before", zone);
        if (modifiedAfter != null) {
            filter = filter.and(o -> o.modified.isAfter(modifiedAfter));
        }
        if (modifiedBefore != null) {
            filter = filter.and(o -> o.modified.isBefore(modifiedBefore));
        }
        if (after != null) {
            filter = filter.and(o -> o.created.isAfter(after));
        }
        if (before != null) {
            filter = filter.and(o -> o.created.isBefore(before));
        }
        String orderBy = query.getOrDefault("orderby", "date");
        if (!ORDER_BY.contains(orderBy)) {
            throw invalid("orderby", "orderby is not one of " + String.join(", ", ORDER_BY) + ".");
        }
        String direction = query.getOrDefault("order", "desc");
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw invalid("order", "order is not one of asc and desc.");
        }
        Comparator<ShopOrder> order = switch (orderBy) {
            case "modified" -> Comparator.<ShopOrder, Instant>comparing(o -> o.modified).thenComparingLong(o -> o.id);
            case "date" -> Comparator.<ShopOrder, Instant>comparing(o -> o.created).thenComparingLong(o -> o.id);
            default -> Comparator.comparingLong(o -> o.id);
        };
        return new Query(filter, direction.equals("asc") ? order : order.reversed(), perPage, page);
    }

    /** Dates are compared to the second, as WordPress stores them. */
    private static Instant date(Map<String, String> query, String name, ZoneId zone) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        if (!DATE_TIME.matcher(value).matches()) {
            throw invalid(name, "Invalid date.");
        }
        String normal = value.replace(' ', 'T').replace('t', 'T');
        try {
            boolean zoned = normal.length() > 19 && normal.substring(19).matches(".*(Z|z|[+-]\\d.*)");
            Instant instant = zoned ? OffsetDateTime.parse(normal.toUpperCase()).toInstant()
                    : LocalDateTime.parse(normal).atZone(zone).toInstant();
            return instant.truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw invalid(name, "Invalid date.");
        }
    }

    private static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
        if (!query.containsKey(name)) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(query.get(name));
        } catch (NumberFormatException e) {
            throw invalid(name, name + " is not of type integer.");
        }
        if (value < min || value > max) {
            throw invalid(name, max == Integer.MAX_VALUE ? name + " must be greater than or equal to " + min
                    : name + " must be between " + min + " (inclusive) and " + max + " (inclusive)");
        }
        return value;
    }

    private static boolean bool(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase()) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw invalid(name, name + " is not of type boolean.");
        };
    }

    /** WordPress's answer to a query parameter its schema refuses. */
    static RestError invalid(String param, String detail) {
        ObjectNode data = PhpJson.MAPPER.createObjectNode();
        data.putObject("params").put(param, detail);
        return new RestError(400, "rest_invalid_param", "Invalid parameter(s): " + param, data);
    }
}
