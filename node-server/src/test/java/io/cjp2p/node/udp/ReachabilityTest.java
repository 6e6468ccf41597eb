package io.cjp2p.node.udp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReachabilityTest {
    @ParameterizedTest(name = "bound to {0}, to {1}: {2}")
    @CsvSource({
            "0.0.0.0, 192.0.2.1, true", "0.0.0.0, 2001:db8::1, false",
            "127.0.0.1, 127.0.0.2, true", "127.0.0.1, ::1, false",
            "::, 192.0.2.1, true", "::, 2001:db8::1, true",
            "::1, ::1, true", "::1, 127.0.0.1, false",
            "2001:db8::5, 2001:db8::1, true", "2001:db8::5, 192.0.2.1, false",
            // Java reads ::ffff:a.b.c.d as the IPv4 address it maps.
            "::ffff:127.0.0.1, 127.0.0.1, true", "::ffff:127.0.0.1, ::1, false"})
    void aSocketReachesItsOwnFamilyAndTheWildcardBoth(String bound, String to, boolean reaches) {
        assertEquals(reaches, Reachability.reaches(new InetSocketAddress(bound, 24254), new InetSocketAddress(to, 24254)));
    }

    @ParameterizedTest(name = "to {0}")
    @CsvSource({"192.0.2.1", "2001:db8::1"})
    void aSocketNotBoundYetIsGivenTheBenefitOfTheDoubt(String to) {
        assertTrue(Reachability.reaches(null, new InetSocketAddress(to, 24254)));
    }

    @Test
    void anUnresolvedNameIsGivenTheBenefitOfTheDoubt() {
        assertTrue(Reachability.reaches(new InetSocketAddress("0.0.0.0", 1),
                InetSocketAddress.createUnresolved("node.example", 24254)));
    }
}
