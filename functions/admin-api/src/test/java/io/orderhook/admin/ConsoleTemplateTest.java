package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.testkit.TemplateFile;

/**
 * In AWS the console's routes take a Cognito user's token and the admin routes keep IAM for the
 * CLI: template.yaml's authoriser, user pool and routes say so.
 */
class ConsoleTemplateTest {
    private static final JsonNode TEMPLATE = TemplateFile.read();

    /** Each HttpApi event of the admin function by route key, with its authoriser ("" for none). */
    private static Map<String, String> routes() {
        Map<String, String> routes = new HashMap<>();
        TemplateFile.function(TEMPLATE, "AdminApiFunction", AdminApiHandler.class.getName()).path("Events").forEach(e ->
                routes.put(e.at("/Properties/Method").asText() + " " + e.at("/Properties/Path").asText(),
                        e.at("/Properties/Auth/Authorizer").asText("")));
        return routes;
    }

    @Test
    void theConsolesRoutesNeedAConsoleUserAndTheAdminRoutesKeepIam() {
        Map<String, String> routes = routes();
        assertEquals("ConsoleUsers", routes.get("ANY /console/api/{proxy+}"));
        assertEquals("", routes.get("GET /console"), "the page itself holds no data");
        assertEquals("", routes.get("GET /console/{file+}"));
        routes.forEach((route, authoriser) -> {
            if (route.contains(" /admin/")) {
                assertEquals("AWS_IAM", authoriser, route);
            }
        });
        assertEquals(AdminApi.ROUTES.size() + 3, routes.size(), "the admin routes and the console's three: " + routes.keySet());
    }

    @Test
    void theAuthoriserTakesAccessTokensOfTheConsolesUserPoolClient() {
        JsonNode api = TEMPLATE.at("/Resources/OrderhookHttpApi/Properties/Auth");
        assertTrue(api.path("EnableIamAuthorizer").asBoolean());
        JsonNode jwt = api.at("/Authorizers/ConsoleUsers");
        assertEquals("$request.header.Authorization", jwt.path("IdentitySource").asText());
        assertTrue(jwt.at("/JwtConfiguration/issuer").asText().matches("https://cognito-idp\\.\\$\\{AWS::Region}\\..*/\\$\\{ConsoleUserPool}"),
                jwt.toString());
        assertEquals("ConsoleUserPoolClient", jwt.at("/JwtConfiguration/audience/0").asText());
    }

    @Test
    void onlyAnAdministratorMakesOperatorsAndThePageSignsInWithPkce() {
        JsonNode pool = TEMPLATE.at("/Resources/ConsoleUserPool/Properties");
        assertTrue(pool.at("/AdminCreateUserConfig/AllowAdminCreateUserOnly").asBoolean());
        JsonNode client = TEMPLATE.at("/Resources/ConsoleUserPoolClient/Properties");
        assertFalse(client.path("GenerateSecret").asBoolean(true), "a page cannot keep a secret");
        assertEquals("[\"code\"]", client.path("AllowedOAuthFlows").toString());
        JsonNode env = TEMPLATE.at("/Resources/AdminApiFunction/Properties/Environment/Variables");
        assertEquals("ConsoleUserPoolClient", env.path("ORDERHOOK_CONSOLE_CLIENT_ID").asText());
        assertTrue(env.path("ORDERHOOK_CONSOLE_SIGN_IN_URL").asText().contains("${ConsoleUserPoolDomain}.auth."));
    }

    @Test
    void theAdminFunctionMayScanTheTableForAShopsOrderList() {
        StringBuilder actions = new StringBuilder();
        TEMPLATE.at("/Resources/AdminApiFunction/Properties/Policies").forEach(policy -> policy.path("Statement")
                .forEach(statement -> actions.append(statement.path("Action")).append(' ')));
        assertTrue(actions.toString().contains("dynamodb:Scan"), actions.toString());
    }
}
