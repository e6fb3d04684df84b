package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.testkit.HttpApiEvent;

/**
 * The console's files as the admin function serves them: the page, its modules with their content
 * types and a policy that allows nothing from another origin, the sign-in configuration, and its
 * copy of the admin routes under {@code /console/api/}.
 */
class ConsoleFilesTest extends AdminApiTest {
    private APIGatewayV2HTTPResponse get(String path) {
        return admin.handler.handleRequest(HttpApiEvent.request("GET", path, "GET /console/{file+}").build(), null);
    }

    @Test
    void theConsoleWithoutItsSlashIsSentToItsFolder() {
        APIGatewayV2HTTPResponse response = get("/console");
        assertEquals(302, response.getStatusCode());
        assertEquals("console/", response.getHeaders().get("location"));
    }

    @Test
    void thePageAndItsModulesComeWithTheirTypesAndNoOtherOrigin() {
        APIGatewayV2HTTPResponse page = get("/console/");
        assertEquals(200, page.getStatusCode());
        assertTrue(page.getHeaders().get("content-type").startsWith("text/html"));
        assertTrue(page.getBody().contains("<script type=\"module\" src=\"app.js\">"), page.getBody());
        String policy = page.getHeaders().get("content-security-policy");
        assertTrue(policy.contains("default-src 'self'") && policy.contains("script-src 'self'"), policy);
        APIGatewayV2HTTPResponse app = get("/console/app.js");
        assertEquals(200, app.getStatusCode());
        assertEquals("text/javascript; charset=utf-8", app.getHeaders().get("content-type"));
        assertEquals("text/css; charset=utf-8", get("/console/console.css").getHeaders().get("content-type"));
        assertEquals(404, get("/console/missing.js").getStatusCode());
    }

    @Test
    void noFileOfTheConsoleLoadsAnythingFromElsewhere() {
        for (String file : new String[] {"index.html", "console.css", "app.js", "api.js", "signin.js", "dom.js", "shops.js",
                "shop.js", "timeline.js", "quarantine.js", "failed.js", "settings.js"}) {
            APIGatewayV2HTTPResponse response = get("/console/" + file);
            assertEquals(200, response.getStatusCode(), file);
            assertFalse(response.getBody().matches("(?s).*(src|href)=\"https?://.*"), file + " names another origin");
            assertFalse(response.getBody().contains("@import url(http"), file);
        }
    }

    @Test
    void locallyThePageSignsInNowhereAndInAwsAtTheUserPool() {
        assertEquals("{\"signIn\":null}", get("/console/config.json").getBody());
        AdminApiHandler aws = new AdminApiHandler(new AdminApi(admin.wiring), ConsoleFiles.fromEnvironment(Map.of(
                "ORDERHOOK_CONSOLE_SIGN_IN_URL", "https://ops.auth.eu-north-1.amazoncognito.com",
                "ORDERHOOK_CONSOLE_CLIENT_ID", "client123")));
        String config = aws.handleRequest(HttpApiEvent.request("GET", "/console/config.json", "GET /console/{file+}").build(), null).getBody();
        assertEquals("{\"signIn\":{\"url\":\"https://ops.auth.eu-north-1.amazoncognito.com\",\"clientId\":\"client123\"}}", config);
    }

    @Test
    void theConsolesRoutesAreTheAdminRoutes() {
        AdminFixture.Reply viaConsole = AdminFixture.reply(admin.handler.handleRequest(
                HttpApiEvent.request("GET", "/console/api/admin/shops/shop-a/settings", "ANY /console/api/{proxy+}").build(), null));
        assertEquals(200, viaConsole.status(), viaConsole.body().toString());
        assertEquals(admin.get("/admin/shops/shop-a/settings").body(), viaConsole.body());
    }
}
