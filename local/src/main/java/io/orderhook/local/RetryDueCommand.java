package io.orderhook.local;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.retry.DueRetries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orderhook retry-due}: runs the due-retries job on the running local stack. */
@Command(name = "retry-due", description = {"Wakes up the orders whose declined payment step is due to be tried again "
        + "(the due-retries job), on the running local stack, and prints what it did."})
final class RetryDueCommand implements Callable<Integer> {
    @Option(names = "--at", paramLabel = "TIME", description = "Run as if at this instant (ISO-8601, e.g. "
            + "2026-12-02T08:00:00Z), to try retries due later now.")
    private Instant at;
    @Mixin
    private StackUrl stack;

    private final Terminal terminal;

    RetryDueCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String query = at == null ? "" : "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
        LocalHttp.Answer answer = new LocalHttp(stack.url).post(LocalJobs.PATH + DueRetries.NAME + query, null);
        if (!answer.ok()) {
            terminal.err().println("orderhook retry-due: " + answer.reason());
            return 1;
        }
        PrintStream out = terminal.out();
        JsonNode counts = answer.body().path("counts");
        out.println("due retries at " + answer.body().path("at").asText() + ": " + counts.path("due").asLong() + " due, "
                + counts.path("woken").asLong() + " woken, " + counts.path("already-woken").asLong() + " already woken, "
                + counts.path("not-read").asLong() + " not read");
        for (JsonNode problem : answer.body().path("problems")) {
            out.println("  " + problem.asText());
        }
        return answer.body().path("problems").isEmpty() ? 0 : 1;
    }
}
