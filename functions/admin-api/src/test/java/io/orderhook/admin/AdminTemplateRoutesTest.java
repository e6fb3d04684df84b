package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.testkit.TemplateFile;

/**
 * Every route the admin API serves is routed to it by template.yaml's HttpApi events, and every
 * admin route the template declares is one the admin API serves. A route missing from the
 * template answers 404 from API Gateway in AWS while local mode (which routes all of
 * {@code /admin/} to the function) still works, so only this test notices.
 *
 * <p>AdminApi keeps its routes in code, not in a table a test can read: the API's own list is the
 * one its no-such-route answer gives, and each route is also probed through the handler.
 */
class AdminTemplateRoutesTest extends AdminApiTest {
    private static final String HANDLER = "io.orderhook.admin.AdminApiHandler::handleRequest";
    /** Not configured: a served route answers "unknown-shop" (or 501 without the connector), never "no route". */
    private static final String UNKNOWN_SHOP = "no-such-shop";
    private static final Pattern LISTED_ROUTE = Pattern.compile("([A-Z]+(?:\\|[A-Z]+)*) (/admin/[^,;\\s]+)");

    @Test
    void theTemplateRoutesExactlyTheAdminRoutesTheApiServes() {
        Set<String> declared = templateRoutes();
        Set<String> served = listedRoutes();
        assertFalse(declared.isEmpty(), "template.yaml routes nothing to the admin function");
        assertEquals(served, declared, "the admin API's routes (left) and template.yaml's HttpApi events of the admin function (right)");
    }

    @Test
    void everyRouteInTheTemplateIsAnsweredByTheAdminApi() {
        for (String route : templateRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            AdminFixture.Reply reply = admin.call(method, concrete(route.substring(route.indexOf(' ') + 1)), "{}");
            assertNotEquals(405, reply.status(), route + ": " + reply.body());
            assertNotEquals("not-found", reply.body().path("status").asText(), route + " is not served: " + reply.body());
        }
    }

    @Test
    void noOtherMethodIsServedOnTheTemplatesAdminPaths() {
        Set<String> declared = templateRoutes();
        for (String route : declared) {
            String path = route.substring(route.indexOf(' ') + 1);
            for (String method : new String[] {"GET", "PUT", "POST", "PATCH", "DELETE"}) {
                if (!declared.contains(method + " " + path)) {
                    AdminFixture.Reply reply = admin.call(method, concrete(path), "{}");
                    assertEquals(405, reply.status(), method + " " + path + " is served but not in the template: " + reply.body());
                }
            }
        }
    }

    /** "METHOD /path/{param}" of every HttpApi event of the admin function in template.yaml. */
    private static Set<String> templateRoutes() {
        Set<String> routes = new TreeSet<>();
        for (Map.Entry<String, JsonNode> resource : TemplateFile.read().path("Resources").properties()) {
            JsonNode properties = resource.getValue().path("Properties");
            if (!HANDLER.equals(properties.path("Handler").asText())) {
                continue;
            }
            for (JsonNode event : properties.path("Events")) {
                // The console's pages and its copy of the routes (/console/...) are ConsoleRoutesTest's.
                if ("HttpApi".equals(event.path("Type").asText()) && event.at("/Properties/Path").asText().startsWith("/admin/")) {
                    routes.add(event.at("/Properties/Method").asText().toUpperCase() + " " + event.at("/Properties/Path").asText());
                }
            }
        }
        return routes;
    }

    /** The routes the admin API names when asked for one it does not have. */
    private Set<String> listedRoutes() {
        AdminFixture.Reply reply = admin.get("/admin/no-such-route");
        assertEquals(404, reply.status());
        Set<String> routes = new TreeSet<>();
        String reason = reply.reason();
        // "no admin route GET /admin/no-such-route; the routes are GET /admin/..., GET|PUT /admin/..."
        Matcher m = LISTED_ROUTE.matcher(reason.substring(reason.indexOf(';') + 1));
        while (m.find()) {
            for (String method : m.group(1).split("\\|")) {
                routes.add(method + " " + m.group(2));
            }
        }
        assertFalse(routes.isEmpty(), "the admin API lists no routes: " + reply.body());
        return routes;
    }

    private static String concrete(String path) {
        return path.replace("{shopId}", UNKNOWN_SHOP).replace("{orderId}", "1");
    }
}
