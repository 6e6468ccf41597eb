package io.cjp2p.loadtest;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * The result of one run: only replies that decoded and matched their request count.
 *
 * @param flooderCpuSeconds CPU time the flooder process used during the measured period
 * @param serverCpuSeconds  CPU time the server used during the measured period, -1 when not known
 */
public record Report(String scenario, String target, int sockets, int window, int rate, double seconds,
                     long datagramsSent, long requestsSent, long replies, long badReplies, long lateReplies,
                     long lost, long sendErrors, double peersPerReply,
                     double p50Us, double p90Us, double p99Us, double p999Us, double maxUs,
                     double flooderCpuSeconds, double serverCpuSeconds, java.util.List<String> badSamples) {

    static Report of(FloodSettings s, Stats stats, double seconds, double cpuSeconds, double serverCpu) {
        Histogram h = stats.latency;
        boolean any = h.getTotalCount() > 0;
        return new Report(s.scenario().label(), s.target().getAddress().getHostAddress() + ":" + s.target().getPort(),
                s.sockets(), s.window(), s.rate(), seconds, stats.datagramsSent, stats.requestsSent, stats.replies,
                stats.badReplies, stats.lateReplies, stats.lost, stats.sendErrors,
                stats.replies == 0 ? 0 : (double) stats.peersEntries / stats.replies,
                any ? us(h.getValueAtPercentile(50)) : 0, any ? us(h.getValueAtPercentile(90)) : 0,
                any ? us(h.getValueAtPercentile(99)) : 0, any ? us(h.getValueAtPercentile(99.9)) : 0,
                any ? us(h.getMaxValue()) : 0, cpuSeconds, serverCpu, java.util.List.copyOf(stats.badSamples));
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }

    public double sentPerSecond() {
        return datagramsSent / seconds;
    }

    public double repliesPerSecond() {
        return replies / seconds;
    }

    /** Requests that got no matching reply in time, as a fraction of requests. */
    public double loss() {
        return requestsSent == 0 ? 0 : (double) lost / requestsSent;
    }

    /** Server CPU microseconds per matched reply, -1 when not known. */
    public double serverCpuUsPerReply() {
        return serverCpuSeconds < 0 || replies == 0 ? -1 : serverCpuSeconds * 1e6 / replies;
    }

    public String text() {
        return String.format(Locale.ROOT, """
                scenario %s -> %s, %d sockets, %s, %.1f s measured
                  sent        %,d datagrams (%,.0f/s), %,d requests
                  replies     %,d matched (%,.0f/s), %d bad, %d late, %d lost (%.3f%%), %d socket errors
                  peers/reply %.1f
                  latency us  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f
                  flooder CPU %.2f s (%.0f%% of one core)%s""",
                scenario, target, sockets, rate > 0 ? "open loop " + rate + "/s" : "closed loop, window " + window,
                seconds, datagramsSent, sentPerSecond(), requestsSent, replies, repliesPerSecond(), badReplies,
                lateReplies, lost, 100 * loss(), sendErrors, peersPerReply, p50Us, p90Us, p99Us, p999Us, maxUs,
                flooderCpuSeconds, 100 * flooderCpuSeconds / seconds, serverCpuSeconds < 0 ? ""
                        : String.format(Locale.ROOT, "%n  server CPU  %.2f s (%.0f%% of one core), %.2f us per reply",
                        serverCpuSeconds, 100 * serverCpuSeconds / seconds, serverCpuUsPerReply()))
                + (badSamples.isEmpty() ? "" : "\n  bad replies, first ones:\n    " + String.join("\n    ", badSamples));
    }

    /** One line of JSON, flat, for scripts (bench.sh reads it with jq). */
    public String json() {
        return String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"target\":\"%s\",\"sockets\":%d,\"window\":%d,"
                        + "\"rate\":%d,\"seconds\":%.3f,\"sent\":%d,\"requests\":%d,\"replies\":%d,\"bad_replies\":%d,"
                        + "\"late_replies\":%d,\"lost\":%d,\"socket_errors\":%d,\"sent_per_s\":%.1f,\"replies_per_s\":%.1f,"
                        + "\"loss\":%.6f,\"peers_per_reply\":%.2f,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,"
                        + "\"p999_us\":%.1f,\"max_us\":%.1f,\"flooder_cpu_s\":%.3f,\"server_cpu_s\":%.3f,"
                        + "\"server_cpu_us_per_reply\":%.3f}",
                scenario, target, sockets, window, rate, seconds, datagramsSent, requestsSent, replies, badReplies,
                lateReplies, lost, sendErrors, sentPerSecond(), repliesPerSecond(), loss(), peersPerReply,
                p50Us, p90Us, p99Us, p999Us, maxUs, flooderCpuSeconds, serverCpuSeconds, serverCpuUsPerReply());
    }
}
