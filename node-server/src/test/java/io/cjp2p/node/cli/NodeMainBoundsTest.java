package io.cjp2p.node.cli;

import io.cjp2p.node.config.Bound;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.LimitsConfig.Rate;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.limit.BucketTable;
import io.cjp2p.node.limit.Pace;
import io.cjp2p.node.peer.PeerTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each numeric flag at, just inside and just outside its bounds, and the values that overflowed. */
class NodeMainBoundsTest {
    private static final String[] QUIET = {"--bootstrap", "none", "--bind", "127.0.0.1"};

    private static CliRun run(String flag, long value) {
        List<String> args = new ArrayList<>(List.of(QUIET));
        args.add(flag + "=" + value);
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(Bound.class)
    void theBoundsThemselvesAreAccepted(Bound b) {
        for (long v : new long[] {b.min(), b.min() + 1, b.max() - 1, b.max()}) {
            CliRun r = run(b.flag(), v);
            assertEquals(0, r.code(), b.flag() + "=" + v + ": " + r.err());
            assertNotNull(r.started());
        }
    }

    @ParameterizedTest
    @EnumSource(Bound.class)
    void justOutsideIsRefusedWithOneLineNamingTheFlag(Bound b) {
        for (long v : new long[] {b.min() - 1, b.max() + 1}) {
            CliRun r = run(b.flag(), v);
            assertEquals(2, r.code(), b.flag() + "=" + v);
            assertNull(r.started());
            assertEquals("cjp2p-node: " + b.flag() + " must be in " + b.min() + ".." + b.max() + ", got " + v
                    + " (see --help)\n", r.err());
        }
    }

    /** The values an attacker found: today one starts a node whose every tick throws, another exits 1. */
    @ParameterizedTest
    @CsvSource({"--peer-ttl-s, 9223372037", "--cookie-rotation-s, 9223372037", "--peer-ttl-s, 9223372036854775807",
            "--tick-ms, 9223372036854775807", "--busy-poll, 9223372036854775807", "--busy-poll, -9223372036854775808",
            "--limit-global-reply-bytes, 9223372036854775807", "--limit-unverified-pps, 4611686018427387904"})
    void overflowingValuesExitWithStatusTwoAndNameTheFlag(String flag, String value) {
        CliRun r = CliRun.of("--bootstrap", "none", flag, value);
        assertEquals(2, r.code(), r.err());
        assertNull(r.started());
        assertTrue(r.err().startsWith("cjp2p-node: " + flag + " must be in "), r.err());
        assertTrue(r.err().contains("got " + value), r.err());
    }

    @Test
    void intFlagsBeyondAnIntAreRefusedToo() {
        CliRun r = CliRun.of("--bootstrap", "none", "--max-peers", "4294967296");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("cjp2p-node: ") && r.err().contains("--max-peers"), r.err());
    }

    /**
     * Every flag at its upper bound, and the arithmetic the node does with them: periods in
     * nanoseconds, bursts (twice the rate) times 1e9 in the limiters, a TTL subtracted from a clock.
     */
    @Test
    void nothingDownstreamOverflowsAtTheUpperBounds() {
        List<String> args = new ArrayList<>(List.of(QUIET));
        for (Bound b : Bound.values()) {
            args.add(b.flag() + "=" + b.max());
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        NodeConfig c = r.started();
        assertDoesNotThrow(() -> {
            c.tick().toNanos();
            c.peerTtl().toNanos();
            c.handoutWindow().toNanos();
            c.cookieRotation().toNanos();
            c.probeInterval().toNanos();
            c.busyPoll().toNanos();
        });
        LimitsConfig l = c.limits();
        for (Rate rate : List.of(l.unverifiedDatagrams(), l.verifiedDatagrams(), l.prefixDatagrams(),
                l.unverifiedReplyBytes(), l.verifiedReplyBytes(), l.globalReplyBytes())) {
            assertEquals(Math.multiplyExact(rate.perSecond(), 2), rate.burst());
            Pace pace = Pace.of(rate);
            assertEquals(2_000_000_000L, pace.toleranceNanos(), "two seconds of burst, computed without overflow");
            long now = Long.MAX_VALUE / 2;
            BucketTable table = new BucketTable(64, 1);
            assertTrue(table.tryAcquire(1, pace.cost(65_535), pace.toleranceNanos(), now));
        }
        PeerTable peers = new PeerTable(16);
        long now = System.nanoTime();
        assertEquals(0, peers.expire(now, c.peerTtl().toNanos()));
        peers.rebuildHandout(now, c.handoutWindow().toNanos());
    }
}
