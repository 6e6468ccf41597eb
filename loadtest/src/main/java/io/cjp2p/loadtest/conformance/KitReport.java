package io.cjp2p.loadtest.conformance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of one run: the checks in report order (required first), the amplification table,
 * and what the kit sent. Renders as terminal tables or as one JSON document.
 *
 * @param target            the node, as ip:port
 * @param timeoutMs         the per-try timeout used
 * @param tries             the tries per request used
 * @param checks            every check, required ones first
 * @param amplification     one row per unverified request shape
 * @param datagramsSent     datagrams the kit sent
 * @param bytesSent         their UDP payload bytes
 * @param datagramsReceived datagrams the node sent the kit
 * @param elapsedMs         the run's wall time
 */
public record KitReport(String target, int timeoutMs, int tries, List<CheckResult> checks,
                        List<AmplificationRow> amplification, long datagramsSent, long bytesSent,
                        long datagramsReceived, long elapsedMs) {
    public KitReport {
        checks = List.copyOf(checks);
        amplification = List.copyOf(amplification);
    }

    /** Every required check passed. */
    public boolean passed() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("CJP2P conformance kit against ").append(target).append(" (timeout ").append(timeoutMs)
                .append(" ms, ").append(tries).append(tries == 1 ? " try" : " tries").append(")\n\n");
        int width = Math.max("CHECK".length(), checks.stream().mapToInt(c -> c.name().length()).max().orElse(0)) + 2;
        b.append(pad("CHECK", width)).append(pad("RESULT", 8)).append("DETAIL\n");
        for (CheckResult c : checks) {
            b.append(pad(c.name(), width)).append(pad(c.verdict().name(), 8)).append(c.detail()).append('\n');
        }
        if (!amplification.isEmpty()) {
            b.append("\nAmplification, unverified sources: ratio = sum(reply + ").append(Amplification.HEADER_BYTES)
                    .append(") / (request + ").append(Amplification.HEADER_BYTES).append("), above ")
                    .append(AmplificationCheck.format(Amplification.LIMIT)).append(" fails\n");
            int w = Math.max("REQUEST".length(), amplification.stream().mapToInt(r -> r.request().length()).max()
                    .orElse(0)) + 2;
            b.append(pad("REQUEST", w)).append(String.format(Locale.ROOT, "%9s %8s %9s %7s%n", "REQUEST B",
                    "REPLIES", "REPLY B", "RATIO"));
            for (AmplificationRow r : amplification) {
                b.append(pad(r.request(), w)).append(String.format(Locale.ROOT, "%9d %8d %9d %7s%s%n", r.requestBytes(),
                        r.replyBytes().size(), r.totalReplyBytes(), AmplificationCheck.format(r.ratio()),
                        r.allowed() ? "" : "  FAIL"));
            }
        }
        long required = checks.stream().filter(CheckResult::required).count();
        List<String> failed = checks.stream().filter(CheckResult::failed).map(CheckResult::name).toList();
        long optional = checks.size() - required;
        long found = checks.stream().filter(c -> !c.required() && c.found()).count();
        b.append('\n').append("Required checks: ").append(required - failed.size()).append(" of ").append(required)
                .append(" passed. Optional features found: ").append(found).append(" of ").append(optional).append(".\n");
        b.append("Sent ").append(datagramsSent).append(" datagrams (").append(bytesSent).append(" B), received ")
                .append(datagramsReceived).append(", in ")
                .append(String.format(Locale.ROOT, "%.1f", elapsedMs / 1000.0)).append(" s.\n");
        b.append(failed.isEmpty() ? "RESULT: PASS" : "RESULT: FAIL (" + String.join(", ", failed) + ")");
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    public String json() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("target", target);
            g.writeNumberField("timeoutMs", timeoutMs);
            g.writeNumberField("tries", tries);
            g.writeBooleanField("passed", passed());
            g.writeArrayFieldStart("checks");
            for (CheckResult c : checks) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeBooleanField("required", c.required());
                g.writeStringField("result", c.verdict().name());
                g.writeBooleanField("found", c.found());
                g.writeStringField("detail", c.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("amplification");
            g.writeNumberField("limit", Amplification.LIMIT);
            g.writeNumberField("headerBytes", Amplification.HEADER_BYTES);
            g.writeArrayFieldStart("rows");
            for (AmplificationRow r : amplification) {
                g.writeStartObject();
                g.writeStringField("request", r.request());
                g.writeNumberField("requestBytes", r.requestBytes());
                g.writeArrayFieldStart("replyBytes");
                for (int n : r.replyBytes()) {
                    g.writeNumber(n);
                }
                g.writeEndArray();
                g.writeNumberField("ratio", Math.round(r.ratio() * 1000) / 1000.0);
                g.writeBooleanField("allowed", r.allowed());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("datagramsSent", datagramsSent);
            g.writeNumberField("bytesSent", bytesSent);
            g.writeNumberField("datagramsReceived", datagramsReceived);
            g.writeNumberField("elapsedMs", elapsedMs);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
