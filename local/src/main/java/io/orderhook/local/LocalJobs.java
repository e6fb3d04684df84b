package io.orderhook.local;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.json.Json;
import io.orderhook.schedule.ScheduledJob;

/**
 * {@code POST /local/jobs/{name}[?at=INSTANT]} (loopback only): runs one job of the wiring's
 * scheduled jobs now, or as if at {@code at} (to see a retry due tomorrow go through today), and
 * answers its report. What {@code orderhook retry-due} calls.
 */
final class LocalJobs implements HttpHandler {
    static final String PATH = "/local/jobs/";

    private final List<ScheduledJob> jobs;
    private final Clock clock;

    LocalJobs(List<ScheduledJob> jobs, Clock clock) {
        this.jobs = List.copyOf(jobs);
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                ApiGatewayHttp.send(exchange, 403, "{\"status\":\"forbidden\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                ApiGatewayHttp.send(exchange, 405, Json.write(Map.of("status", "method-not-allowed", "reason", "POST runs a job")));
                return;
            }
            String name = exchange.getRequestURI().getPath().substring(PATH.length());
            Optional<ScheduledJob> job = jobs.stream().filter(j -> j.name().equals(name)).findFirst();
            if (job.isEmpty()) {
                ApiGatewayHttp.send(exchange, 404, Json.write(Map.of("status", "not-found", "reason", "no job '" + name
                        + "'; the jobs are " + jobs.stream().map(ScheduledJob::name).toList())));
                return;
            }
            Instant at;
            try {
                at = at(exchange.getRequestURI().getQuery());
            } catch (DateTimeParseException e) {
                ApiGatewayHttp.send(exchange, 400, Json.write(Map.of("status", "bad-request",
                        "reason", "at must be an ISO-8601 instant such as 2026-12-02T08:00:00Z")));
                return;
            }
            ScheduledJob.Report report = job.get().run(at);
            ApiGatewayHttp.send(exchange, 200, Json.write(Map.of("job", report.job(), "at", at.toString(),
                    "counts", report.counts(), "problems", report.problems())));
        }
    }

    private Instant at(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("at=")) {
                    return Instant.parse(java.net.URLDecoder.decode(part.substring(3), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return clock.instant();
    }
}
