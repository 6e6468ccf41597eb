package io.cjp2p.node.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {
    private final OriginPolicy loopbackOnly = new OriginPolicy(List.of());

    @Test
    void pagesFromLoopbackHostsAreLetIn() {
        for (String o : new String[] {"http://localhost", "http://localhost:8080", "http://LOCALHOST:1",
                "http://127.0.0.1", "http://127.255.0.9:65535", "http://[::1]", "http://[::1]:3000"}) {
            assertTrue(loopbackOnly.allows(o), o);
        }
    }

    @Test
    void noOriginIsNoBrowserPage() {
        assertTrue(loopbackOnly.allows(null));
    }

    @Test
    void everythingElseIsRefused() {
        for (String o : new String[] {"https://localhost", "http://localhost.example", "http://localhost:80x",
                "http://localhost:99999", "http://127.0.0.1.example", "http://127.0.0", "http://127.0.0.256",
                "http://127.0.0.01", "http://128.0.0.1", "http://[::2]", "http://[::1", "http://localhost/path",
                "http://user@localhost", "null", "", "file://", "ws://localhost"}) {
            assertFalse(loopbackOnly.allows(o), o);
        }
    }

    @Test
    void listedOriginsAreLetInWhateverTheirCase() {
        OriginPolicy p = new OriginPolicy(List.of("https://App.example/", "null"));
        assertTrue(p.allows("https://app.example"));
        assertTrue(p.allows("null"), "file pages, when the operator says so");
        assertFalse(p.allows("https://app.example:8443"));
        assertFalse(p.allows("http://app.example"));
    }
}
