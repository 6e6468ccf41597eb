package io.cjp2p.loadtest.conformance;

import io.cjp2p.codec.PeerAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Grades one node: the core checks, amplification, the optional features, and survival last (a
 * node that dies there takes no other check with it). A run sends on the order of a hundred
 * datagrams, each answered or timed out, never a flood.
 */
public final class ConformanceKit {
    private final KitSettings settings;

    public ConformanceKit(KitSettings settings) {
        this.settings = settings;
    }

    public KitReport run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (Session s = new Session(settings)) {
            List<CheckResult> core = new CoreChecks(s).run();
            AmplificationCheck.Outcome amplification = new AmplificationCheck(s).run();
            List<CheckResult> features = new FeatureChecks(s).run();
            List<CheckResult> survival = new SurvivalChecks(s).run();
            List<CheckResult> all = new ArrayList<>();
            core.stream().filter(CheckResult::required).forEach(all::add);
            all.add(amplification.check());
            all.addAll(survival);
            Stream.concat(core.stream(), features.stream()).filter(c -> !c.required()).forEach(all::add);
            return new KitReport(PeerAddress.format(settings.target()), settings.timeoutMs(), settings.tries(), all,
                    amplification.rows(), s.traffic.datagramsSent(), s.traffic.bytesSent(),
                    s.traffic.datagramsReceived(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }
}
