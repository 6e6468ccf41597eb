package io.cjp2p.loadtest;

import java.util.Locale;
import java.util.Optional;

/**
 * What to tell the user when a flood went mostly unanswered. The usual cause is the node's abuse
 * limits (on by default): a few sources at full speed are exactly what they cut, so such a run
 * measures the limits, not the node's capacity.
 */
final class LimitsHint {
    /** "Most": above half the requests lost, or half the node's datagrams refused. */
    private static final double MOST = 0.5;

    private LimitsHint() {
    }

    /**
     * @param during what the node counted during the run, {@code null} without {@code --metrics-url}
     * @param rawEcho the target is a plain echo, which has no limits to blame
     */
    static Optional<String> of(Report report, NodeCounters during, boolean rawEcho) {
        boolean mostLost = report.requestsSent() > 0 && report.loss() > MOST;
        if (during != null) {
            long refused = during.limitRefusals();
            if (refused > 0 && refused > MOST * during.received()) {
                return Optional.of(String.format(Locale.ROOT,
                        "most requests were refused by the node's rate limits (%s, of %,d datagrams received): "
                                + "start the node with --limits off to measure capacity",
                        NodeCounters.list(during.limitDrops()), during.received()));
            }
            if (mostLost) {
                return Optional.of(String.format(Locale.ROOT,
                        "%.0f%% of the requests were lost, but the node's rate limits refused only %,d of the %,d "
                                + "datagrams it received: the loss is elsewhere (socket buffers, CPU)",
                        100 * report.loss(), refused, during.received()));
            }
            return Optional.empty();
        }
        if (mostLost && !rawEcho) {
            return Optional.of(String.format(Locale.ROOT,
                    "%.0f%% of the requests were lost: the node's abuse limits (on unless it was started with "
                            + "--limits off) may be refusing the flood. To check, run again with --metrics-url "
                            + "http://127.0.0.1:24255/metrics, or look at cjp2p_datagrams_dropped_total"
                            + "{reason=\"rate_limited_source\"} on the node's /metrics",
                    100 * report.loss()));
        }
        return Optional.empty();
    }
}
