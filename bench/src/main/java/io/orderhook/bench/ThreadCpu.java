package io.orderhook.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the JVM's threads grouped by what they run (by thread name), to show where an
 * in-process end-to-end run spends its CPU: orderhook's processor and receiver, or the shop
 * simulator, the Billmate sandbox and DynamoDB Local that stand in for other machines.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {}

    static Map<String, Long> byGroup() {
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                out.merge(group(info.getThreadName()), nanos, Long::sum);
            }
        }
        return out;
    }

    static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        byGroup().forEach((group, nanos) -> out.put(group, nanos - before.getOrDefault(group, 0L)));
        return out;
    }

    static Map<String, String> perItem(Map<String, Long> nanos, int items) {
        Map<String, String> out = new LinkedHashMap<>();
        nanos.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), String.format(Locale.ROOT, "%.2f", e.getValue() / 1e6 / items)));
        return out;
    }

    private static String group(String name) {
        if (name.startsWith("stream-poller-worker")) {
            return "orderhook processor (poller workers)";
        }
        if (name.startsWith("orderhook-batch")) {
            return "orderhook processor (in-batch workers)";
        }
        if (name.startsWith("stream-poller-reader")) {
            return "stream reading";
        }
        if (name.startsWith("shop-simulator") || name.startsWith("webhook")) {
            return "shop simulator";
        }
        if (name.startsWith("billmate-sandbox")) {
            return "Billmate sandbox";
        }
        if (name.startsWith("HttpClient")) {
            return "JDK HTTP clients";
        }
        if (name.startsWith("orderhook-http")) {
            return "local HTTP server (receiver, shop REST API, Billmate sandbox)";
        }
        if (name.startsWith("pool-")) {
            return "orderhook receiver (HTTP pool)";
        }
        if (name.startsWith("qtp") || name.contains("DynamoDB") || name.startsWith("sqlite")) {
            return "DynamoDB Local";
        }
        return "other: " + name.replaceAll("[-#]?\\d+$", "");
    }
}
