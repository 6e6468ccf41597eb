package io.cjp2p.node.http;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.Await;
import io.cjp2p.node.support.RawHttp;
import io.cjp2p.node.support.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The content paths of the HTTP listener over a real socket: GET with Range, upload, listing, Origin refusals. */
class ContentHttpIT {
    @TempDir
    Path tmp;
    RunningNode node;
    InetSocketAddress http;
    byte[] data;
    String id;

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @BeforeEach
    void start() throws Exception {
        data = new byte[200_000];
        new Random(5).nextBytes(data);
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("clip.mp4"), data);
        id = sha256(data);
        node = new RunningNode(NodeConfig.loopback().shareDirs(List.of(share)).stateDir(tmp.resolve("state"))
                .uploadMaxBytes(100_000).build());
        http = node.http.localAddress();
        Await.until(() -> node.node.content().index().lookup(id) != null, "the shared file indexed");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private RawHttp.Reply get(String path, String extraHeaders) throws Exception {
        try (RawHttp c = new RawHttp(http)) {
            return c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "\r\n").read();
        }
    }

    private RawHttp.Reply post(String path, String headers, byte[] body) throws Exception {
        try (RawHttp c = new RawHttp(http)) {
            c.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n" + headers + "\r\n");
            OutputStream out = c.socket.getOutputStream();
            out.write(body);
            out.flush();
            return c.read();
        }
    }

    @Test
    void aHeldObjectIsServedWholeOrByRange() throws Exception {
        RawHttp.Reply whole = get("/" + id, "");
        assertEquals(200, whole.status());
        assertArrayEquals(data, whole.body());
        assertEquals("video/mp4", whole.header("Content-Type"), "by the shared file's extension");
        assertEquals("bytes", whole.header("Accept-Ranges"));

        RawHttp.Reply part = get("/0x" + id, "Range: bytes=1000-4999\r\n");
        assertEquals(206, part.status());
        assertEquals("bytes 1000-4999/200000", part.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 5000), part.body());

        RawHttp.Reply tail = get("/" + id, "Range: bytes=-10\r\n");
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 10, data.length), tail.body());
        assertEquals(416, get("/" + id, "Range: bytes=300000-\r\n").status());
        assertEquals(404, get("/" + "0".repeat(64), "").status());
        assertEquals(404, get("/" + id.toUpperCase(), "").status(), "not an id: the router's 404");
        assertEquals(404, get("/../../etc/passwd", "").status());
        assertTrue(node.node.content().counters().httpBytes() >= data.length);
    }

    @Test
    void anUploadIsStoredUnderItsHashAndServed() throws Exception {
        byte[] body = "<!doctype html><p>published</p>".getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply r = post("/upload", "Origin: http://localhost:8080\r\n", body);
        assertEquals(200, r.status(), r.text());
        assertEquals("{\"sha256\":\"" + sha256(body) + "\"}", r.text());
        assertTrue(Files.exists(tmp.resolve("state/content").resolve(sha256(body))));
        RawHttp.Reply back = get("/" + sha256(body), "");
        assertArrayEquals(body, back.body());
        assertEquals("text/html; charset=utf-8", back.header("Content-Type"), "sniffed: a stored object has no extension");
        assertTrue(back.header("Content-Security-Policy").startsWith("sandbox"), "HTML runs in an opaque origin");

        // No Origin (curl) is fine too; a body over the cap is refused and nothing stays behind.
        assertEquals(200, post("/upload", "", "x".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(413, post("/upload", "", new byte[100_001]).status());
        try (var incoming = Files.list(tmp.resolve("state/incoming"))) {
            assertEquals(0, incoming.count(), "no partial upload left");
        }
    }

    @Test
    void aPostFromAForeignPageIsRefused() throws Exception {
        byte[] body = "evil".getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply r = post("/upload", "Origin: https://evil.example\r\n", body);
        assertEquals(403, r.status());
        assertFalse(Files.exists(tmp.resolve("state/content").resolve(sha256(body))));
        assertEquals(403, post("/upload", "Origin: null\r\n", body).status(), "a sandboxed page");
        assertEquals(403, post("/anything", "Origin: https://evil.example\r\n", body).status(), "every POST");
    }

    @Test
    void theListingHasRustsShape() throws Exception {
        RawHttp.Reply r = get("/content.json", "");
        assertEquals(200, r.status());
        String json = r.text();
        assertTrue(json.startsWith("{\"public_key\":\"0x"), json);
        assertTrue(json.contains("\"public\":[{\"sha256\":\"" + id + "\",\"blake3\":null,\"size\":200000,"), json);
        assertNotNull(r.header("Content-Type"));
    }
}
