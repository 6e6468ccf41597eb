package io.cjp2p.node.udp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelVersionTest {
    @ParameterizedTest(name = "{0} at least 5.4: {1}")
    @CsvSource({
            "6.18.44-fc-v1252, true", "5.4.0-150-generic, true", "5.10, true", "10.0.1, true",
            "5.3.18-59-default, false", "4.19.0-27-amd64, false", "4.20, false",
            "'', false", "linux, false", "5, false"})
    void comparesMajorThenMinor(String release, boolean expected) {
        assertEquals(expected, KernelVersion.atLeast(release, 5, 4));
    }

    @org.junit.jupiter.api.Test
    void noReleaseIsNoVersion() {
        assertEquals(false, KernelVersion.atLeast(null, 5, 4));
    }
}
