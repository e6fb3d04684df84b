package io.orderhook.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;

/**
 * The operator console's files (plain HTML, CSS and JavaScript modules under the resources folder
 * {@code console/}), served by the admin function at {@code /console/} in AWS and by local mode
 * through the same handler. The console reads only the admin API, under {@code /console/api/admin/...}
 * (the same routes; in AWS behind the Cognito authoriser a browser can use, while {@code /admin/}
 * keeps IAM for the CLI). {@code config.json} tells the page how to sign in: nowhere locally, the
 * user pool's hosted sign-in in AWS.
 */
public final class ConsoleFiles {
    /** Where the console's copy of the admin routes starts: {@code /console/api/admin/shops/...}. */
    public static final String API_PREFIX = "/console/api";
    private static final Pattern FILE = Pattern.compile("(?:/[^/]+)*/console(?:/([a-z0-9-]+\\.(html|css|js|svg|json))?)?/?");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "json", "application/json");
    /** Nothing but this origin: no CDN, no outside font, no inline script; the sign-in page is a navigation, not a fetch. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self' https://*.amazoncognito.com; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** An answer with its own headers (the admin API's are always JSON). */
    public record File(int status, Map<String, String> headers, String body) {}

    private final String signInUrl;
    private final String clientId;

    /**
     * @param signInUrl the Cognito user pool domain's base URL ({@code https://x.auth.region.amazoncognito.com}), null: no sign-in (local mode)
     * @param clientId  the user pool's app client for the console, null with {@code signInUrl}
     */
    public ConsoleFiles(String signInUrl, String clientId) {
        this.signInUrl = signInUrl == null || signInUrl.isBlank() ? null : signInUrl;
        this.clientId = clientId;
    }

    /** Local mode: loopback only, no sign-in. */
    public static ConsoleFiles local() {
        return new ConsoleFiles(null, null);
    }

    /** In AWS: template.yaml's {@code ORDERHOOK_CONSOLE_SIGN_IN_URL} and {@code ORDERHOOK_CONSOLE_CLIENT_ID}. */
    public static ConsoleFiles fromEnvironment(Map<String, String> env) {
        return new ConsoleFiles(env.get("ORDERHOOK_CONSOLE_SIGN_IN_URL"), env.get("ORDERHOOK_CONSOLE_CLIENT_ID"));
    }

    /** The console's answer for a path of its own ({@code /console}, {@code /console/app.js}); empty for any other path. */
    public Optional<File> serve(String rawPath) {
        if (rawPath == null || rawPath.contains(API_PREFIX + "/") || rawPath.contains("/admin/")) {
            return Optional.empty();
        }
        Matcher m = FILE.matcher(rawPath);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (!rawPath.endsWith("/") && m.group(1) == null) {
            // "/console" without its slash: the page's relative links need the folder.
            return Optional.of(new File(302, Map.of("location", "console/"), ""));
        }
        String name = m.group(1) == null ? "index.html" : m.group(1);
        if (name.equals("config.json")) {
            return Optional.of(file(200, "json", config()));
        }
        return read(name).map(text -> file(200, m.group(2) == null ? "html" : m.group(2), text))
                .or(() -> Optional.of(file(404, "json", "{\"status\":\"not-found\",\"reason\":\"the console has no file "
                        + name + "\"}")));
    }

    private String config() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (signInUrl == null) {
            out.putNull("signIn");
        } else {
            out.putObject("signIn").put("url", signInUrl).put("clientId", clientId);
        }
        return Json.write(out);
    }

    private static File file(int status, String type, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", TYPES.get(type));
        headers.put("cache-control", "no-cache");
        headers.put("x-content-type-options", "nosniff");
        headers.put("content-security-policy", POLICY);
        return new File(status, Map.copyOf(headers), body);
    }

    private static Optional<String> read(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the console file " + name + " cannot be read from the function's jar", e);
        }
    }
}
