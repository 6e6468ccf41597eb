package io.cjp2p.node.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestTargetTest {
    @Test
    void targets() throws Exception {
        assertEquals("/metrics", RequestTarget.pathOf("/metrics"));
        assertEquals("/metrics", RequestTarget.pathOf("/metrics?"));
        assertEquals("/metrics", RequestTarget.pathOf("/metrics#frag"));
        assertEquals("/metrics", RequestTarget.pathOf("http://host/metrics"));
        assertEquals("/metrics", RequestTarget.pathOf("HTTP://host:24255/metrics?a=/b"));
        assertEquals("/metrics", RequestTarget.pathOf("https://[::1]:1/metrics"));
        assertEquals("/", RequestTarget.pathOf("http://host"));
        assertEquals("/", RequestTarget.pathOf("http://host?a=/metrics"));
        assertEquals("/metrics", RequestTarget.pathOf("/metric%73"));
        assertEquals("/a b/\u00e9", RequestTarget.pathOf("/a%20b/%C3%A9"));
        assertEquals("*", RequestTarget.pathOf("*"));
        assertEquals("host:443", RequestTarget.pathOf("host:443"));
        assertEquals("1http://x/metrics", RequestTarget.pathOf("1http://x/metrics"), "not a scheme");
    }

    @Test
    void brokenEscapesAreRefused() {
        assertThrows(RequestTarget.BadTarget.class, () -> RequestTarget.pathOf("/a%2"));
        assertThrows(RequestTarget.BadTarget.class, () -> RequestTarget.pathOf("/a%zz"));
        assertThrows(RequestTarget.BadTarget.class, () -> RequestTarget.pathOf("/a%"));
    }
}
