package io.cjp2p.node.content;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentTrackerTest {
    static final String ID = "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274b";

    private static InetSocketAddress addr(int i) {
        return new InetSocketAddress("127.0." + (i >> 8 & 255) + "." + (i & 255), 24254);
    }

    private static String randomId(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            b.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return b.toString();
    }

    @Test
    void askersAreToldAboutEachOtherNotThemselves() {
        ContentTracker t = new ContentTracker();
        long now = 1_000;
        t.record(ID, addr(1), true, now);
        t.record(ID, addr(2), false, now + 1);
        t.record(ID, addr(3), true, now + 2);
        assertEquals(List.of(addr(3), addr(1), addr(2)), t.sources(ID, addr(9), 48, now + 3), "verified first, newest first");
        assertEquals(List.of(addr(3), addr(2)), t.sources(ID, addr(1), 48, now + 3));
        assertEquals(List.of(addr(3)), t.sources(ID, addr(9), 1, now + 3));
        assertEquals(List.of(), t.sources(ID.replace('c', 'd'), addr(9), 48, now + 3));
        assertEquals(List.of(), t.sources(ID, addr(9), 48, now + ContentTracker.MAX_AGE_NANOS + 3), "aged out");
    }

    @Test
    void sourcesPerIdAreCappedAndForgedOnesGoFirst() {
        ContentTracker t = new ContentTracker();
        t.record(ID, addr(0), true, 1);
        for (int i = 1; i < 1000; i++) {
            t.record(ID, addr(i), false, 1 + i);
        }
        List<InetSocketAddress> s = t.sources(ID, addr(5000), 1000, 2000);
        assertEquals(ContentTracker.SOURCES_PER_ID, s.size());
        assertEquals(addr(0), s.get(0), "the verified source survives a flood of unverified ones");
    }

    @Test
    void aFloodOfInventedIdsCannotGrowTheTable() {
        ContentTracker t = new ContentTracker(1024);
        Random r = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            t.record(randomId(r), addr(i), false, i);
        }
        assertTrue(t.size(200_000) <= 1024);
        assertTrue(t.sourceCount() <= 1024, "one source each: " + t.sourceCount());
        // A real id recorded afterwards is found.
        t.record(ID, addr(1), true, 300_000);
        assertEquals(List.of(addr(1)), t.sources(ID, addr(2), 3, 300_001));
    }
}
