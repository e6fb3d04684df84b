package io.orderhook.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orderhook bulk capture|cancel|retry SHOP}: one action over many orders as an admin bulk
 * job, watched with a progress bar until every order was tried, then a summary table. The job
 * runs {@code --concurrency} orders at a time on the stack. Interrupted, the orders done stay
 * done: the same command again finds them already done and does only the rest ({@code --job}
 * resumes the same job instead).
 */
@Command(name = "bulk", description = {"Capture, cancel or retry many orders: --orders 1,2,3, --file (one id a line) or "
        + "--status shipped [--modified-after DATE] through the shop's REST API. Re-running does only what is left."})
final class BulkCommand implements Callable<Integer> {
    /** How often the job is asked for its progress (each request also moves it on). */
    static final Duration POLL = Duration.ofMillis(200);
    private static final int BAR_WIDTH = 30;

    @Parameters(index = "0", paramLabel = "<action>", description = "capture, cancel or retry.")
    private String action;
    @Parameters(index = "1", paramLabel = "<shop>", description = "The shop id, e.g. demo.")
    private String shop;
    @Option(names = "--orders", split = ",", paramLabel = "ID", description = "Order ids, comma-separated.")
    private List<String> orders;
    @Option(names = "--file", paramLabel = "FILE", description = "A file of order ids, one a line (# starts a comment).")
    private Path file;
    @Option(names = "--status", paramLabel = "STATUS", description = "The shop's orders with this status, e.g. shipped.")
    private String status;
    @Option(names = "--modified-after", paramLabel = "DATE",
            description = "With --status: only orders changed after this UTC date or time (2026-12-01 or 2026-12-01T08:00:00Z).")
    private String modifiedAfter;
    @Option(names = "--concurrency", defaultValue = "4", paramLabel = "N",
            description = "Orders worked on at once, 1 to 16. Default: ${DEFAULT-VALUE}")
    private int concurrency;
    @Option(names = "--job", paramLabel = "JOB", description = "Watch (and move on) a job started before instead of a new one.")
    private String job;
    @Mixin
    private StackUrl stack;

    private final Terminal terminal;

    BulkCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!List.of("capture", "cancel", "retry").contains(action)) {
            throw new IllegalArgumentException("the action is capture, cancel or retry, not '" + action + "'");
        }
        LocalHttp http = new LocalHttp(stack.url);
        String base = "/admin/shops/" + shop + "/bulk";
        String jobId = job;
        if (jobId == null) {
            LocalHttp.Answer started = http.post(base, request());
            if (started.status() != 202) {
                terminal.err().println("orderhook bulk: " + started.reason());
                return 1;
            }
            jobId = started.body().path("job").asText();
        }
        JsonNode progress;
        try (Progress bar = Progress.on(terminal)) {
            bar.stage("bulk " + action + " of shop " + shop + ", job " + jobId + " (--job " + jobId + " resumes it)");
            String shown = "";
            while (true) {
                LocalHttp.Answer answer = http.get(base + "/" + jobId);
                if (!answer.ok()) {
                    terminal.err().println("orderhook bulk: " + answer.reason());
                    return 1;
                }
                progress = answer.body();
                String now = bar(progress);
                if (!now.equals(shown)) {
                    bar.step(now);
                    shown = now;
                }
                if (progress.path("finished").asBoolean()) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        return summary(progress);
    }

    private Map<String, Object> request() {
        int named = (orders == null ? 0 : 1) + (file == null ? 0 : 1) + (status == null ? 0 : 1);
        if (named != 1) {
            throw new IllegalArgumentException("name the orders with exactly one of --orders, --file or --status");
        }
        if (modifiedAfter != null && status == null) {
            throw new IllegalArgumentException("--modified-after goes with --status");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("concurrency", concurrency);
        if (orders != null) {
            body.put("orders", orders.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        } else if (file != null) {
            body.put("orders", idsIn(file));
        } else {
            body.put("status", status);
            if (modifiedAfter != null) {
                body.put("modifiedAfter", instant(modifiedAfter).toString());
            }
        }
        return body;
    }

    private static List<String> idsIn(Path file) {
        try {
            List<String> ids = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String id = line.replaceAll("#.*", "").strip();
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --file " + file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read --file " + file + ": " + e.getCause().getMessage());
        }
    }

    private static Instant instant(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--modified-after takes a UTC date or time such as 2026-12-01 or "
                    + "2026-12-01T08:00:00Z, not '" + text + "'");
        }
    }

    /** {@code [#########.....] 120/200  done 100, already-done 20}. */
    static String bar(JsonNode progress) {
        long total = progress.path("total").asLong();
        long tried = progress.path("tried").asLong();
        int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * tried / total);
        StringBuilder counts = new StringBuilder();
        progress.path("counts").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() > 0) {
                counts.append(counts.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asLong());
            }
        });
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + tried + "/" + total
                + (counts.length() == 0 ? "" : "  " + counts);
    }

    private int summary(JsonNode progress) {
        PrintStream out = terminal.out();
        out.println();
        out.println(String.format("%-14s %6s", "outcome", "orders"));
        progress.path("counts").fields().forEachRemaining(e -> out.println(String.format("%-14s %6d", e.getKey(), e.getValue().asLong())));
        out.println(String.format("%-14s %6d", "total", progress.path("total").asLong()));
        boolean clean = true;
        for (JsonNode r : progress.path("results")) {
            String outcome = r.path("outcome").asText();
            if (!outcome.equals("done") && !outcome.equals("already-done")) {
                if (clean) {
                    out.println();
                    out.println("not done (run the same command again for the failed ones):");
                    clean = false;
                }
                out.println(String.format("  order %-8s %-8s %s", r.path("orderId").asText(), outcome, r.path("detail").asText()));
            }
        }
        return clean ? 0 : 1;
    }
}
