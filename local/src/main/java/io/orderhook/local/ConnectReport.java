package io.orderhook.local;

import com.fasterxml.jackson.databind.JsonNode;

/** The report of the admin connect and disconnect routes, as {@code orderhook connect} and {@code disconnect} print it. */
final class ConnectReport {
    private final Terminal terminal;
    private final String command;

    ConnectReport(Terminal terminal, String command) {
        this.terminal = terminal;
        this.command = command;
    }

    /** Prints what was checked, done and left to do; answers the exit status. */
    int print(LocalHttp.Answer answer) {
        JsonNode report = answer.body();
        if (!report.has("done")) {
            terminal.err().println("orderhook " + command + ": " + answer.reason());
            return 1;
        }
        list("checked", report.get("checks"));
        list("done", report.get("done"));
        list("already as it should be", report.get("unchanged"));
        if (report.has("webhooks") && !report.get("webhooks").isEmpty()) {
            terminal.out().println("  webhooks:");
            for (JsonNode w : report.get("webhooks")) {
                terminal.out().printf("    #%-5d %-15s %-9s -> %s%n", w.get("id").asLong(), w.get("topic").asText(),
                        w.get("status").asText(), w.get("deliveryUrl").asText());
            }
        }
        list("left to do by hand", report.get("toDo"));
        if (!answer.ok()) {
            terminal.err().println("orderhook " + command + ": NOT connected: " + answer.reason());
            return 1;
        }
        if (report.get("done").isEmpty()) {
            terminal.out().println("  nothing changed: the shop was connected already.");
        }
        return 0;
    }

    private void list(String title, JsonNode items) {
        if (items == null || items.isEmpty()) {
            return;
        }
        terminal.out().println("  " + title + ":");
        items.forEach(item -> terminal.out().println("    - " + item.asText()));
    }
}
