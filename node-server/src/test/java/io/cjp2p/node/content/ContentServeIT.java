package io.cjp2p.node.content;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.Content;
import io.cjp2p.codec.ContentList;
import io.cjp2p.codec.MaybeTheyHaveSome;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.Await;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node started with a shared directory serves a file over real UDP: a first unverified request
 * gets a short block, the node's cookie and the echo of ours (the cookie dance); then verified
 * requests fetch the file block by block as the Rust downloader asks, and its SHA-256 matches.
 */
class ContentServeIT {
    @TempDir
    Path tmp;

    @Test
    void aFileIsFetchedBlockByBlockAndVerified() throws Exception {
        byte[] data = new byte[300_001]; // not a multiple of 4096: the last block is short
        new Random(22).nextBytes(data);
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("movie.bin"), data);
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        NodeConfig config = NodeConfig.loopback().shareDirs(List.of(share)).stateDir(tmp.resolve("state")).build();
        try (Node node = Node.start(config); UdpClient client = new UdpClient(node.localAddress())) {
            Await.until(() -> node.content().index().lookup(id) != null, "the shared file indexed");
            // First contact, unverified: a short block within 2x, our cookie echoed, the node's cookie.
            String first = "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"downloader-1\"}},"
                    + request(id, 0, 4096) + "]";
            List<Message> reply = client.ask(first);
            assertTrue(UdpClient.hasAlwaysReturned(reply, "{\"cookie\":\"downloader-1\"}"), reply.toString());
            assertFalse(only(reply, PleaseAlwaysReturnThisMessage.class).isEmpty(), "the node's cookie");
            Content shortBlock = only(reply, Content.class).get(0);
            assertEquals(data.length, shortBlock.eof());
            assertTrue(shortBlock.base64().length() > 0 && shortBlock.base64().length() < 4096);
            assertNotNull(client.nodeCookie());

            // Verified from now on: full blocks, Rust's way (4096 at aligned offsets).
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (long offset = 0; offset < data.length; offset += 4096) {
                List<Message> r = fetchReply(client, id, offset, 4096);
                Content c = only(r, Content.class).get(0);
                assertEquals(offset, c.offset());
                assertEquals(data.length, c.eof());
                assertTrue(c.base64().length() == 4096 || offset + c.base64().length() == data.length,
                        "exactly 4096 bytes or reaching eof, as Ruby and Rust accept");
                got.writeBytes(c.base64().toByteArray());
                assertTrue(only(r, AlwaysReturned.class).isEmpty(), "no cookie echo unasked");
            }
            byte[] whole = got.toByteArray();
            assertEquals(data.length, whole.length);
            assertEquals(id, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole)));

            // 40960-byte blocks too, and a request past the end.
            Content big = fetch(client, id, 40_960, 1 << 20);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 40_960, 81_920), big.base64().toByteArray());
            Content past = fetch(client, id, 400_000, 4096);
            assertEquals(0, past.base64().length());
            assertEquals(data.length, past.eof());

            // The listing, and the tracker for an id the node lacks.
            List<Message> list = client.ask(client.verified("{\"PleaseListContent\":{}}"));
            assertEquals(List.of(new ContentList.Entry(id, data.length)), only(list, ContentList.class).get(0).results());
            String missing = "0".repeat(64);
            try (UdpClient other = new UdpClient(node.localAddress(), InetAddress.getByName("127.0.0.2"))) {
                other.handshake("other");
                other.send(other.verified(request(missing, 0, 4096)));
                other.drain(300);
            }
            List<Message> tracker = client.ask(client.verified(request(missing, 0, 4096)));
            MaybeTheyHaveSome maybe = only(tracker, MaybeTheyHaveSome.class).get(0);
            assertEquals(missing, maybe.id());
            assertEquals(InetAddress.getByName("127.0.0.2"), maybe.peers().get(0).getAddress());

            ContentCounters counters = node.content().counters();
            assertEquals(1, counters.blocksServed(false));
            assertTrue(counters.bytesServed(true) >= data.length, "counted: " + counters.bytesServed(true));
        }
    }

    /**
     * A Ruby-like downloader: it offers no cookie of its own, returns ours once it has it, and takes a
     * block only when it is exactly 4096 bytes or reaches eof. It verifies on its first reply, then
     * gets blocks it accepts, and is never sent back a cookie it did not send.
     */
    @Test
    void aClientWithoutACookieOfItsOwnIsServedAndGetsNoneBack() throws Exception {
        byte[] data = new byte[9000];
        new Random(4).nextBytes(data);
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data))), data);
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        try (Node node = Node.start(NodeConfig.loopback().shareDirs(List.of(share)).build());
             UdpClient ruby = new UdpClient(node.localAddress())) {
            Await.until(() -> node.content().index().lookup(id) != null, "the shared file indexed");
            List<Message> first = ruby.ask("[" + request(id, 0, 4096) + "]");
            assertTrue(only(first, AlwaysReturned.class).isEmpty(), first.toString());
            assertFalse(only(first, PleaseAlwaysReturnThisMessage.class).isEmpty(), "the node's cookie: " + first);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (long offset = 0; offset < data.length; offset += 4096) {
                List<Message> r = fetchReply(ruby, id, offset, 4096);
                Content c = only(r, Content.class).get(0);
                assertTrue(c.base64().length() == 4096 || offset + c.base64().length() == c.eof(), "Ruby accepts it");
                assertTrue(only(r, AlwaysReturned.class).isEmpty() && only(r, PleaseAlwaysReturnThisMessage.class).isEmpty(),
                        "verified: no cookie either way: " + r);
                got.writeBytes(c.base64().toByteArray());
            }
            assertArrayEquals(data, got.toByteArray());
        }
    }

    private static String request(String id, long offset, int length) {
        return "{\"PleaseSendContent\":{\"id\":\"" + id + "\",\"length\":" + length + ",\"offset\":" + offset + "}}";
    }

    private static Content fetch(UdpClient client, String id, long offset, int length) throws Exception {
        return only(fetchReply(client, id, offset, length), Content.class).get(0);
    }

    /** The reply to one verified request, asked again when it is lost (UDP). */
    private static List<Message> fetchReply(UdpClient client, String id, long offset, int length) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            client.send(client.verified(request(id, offset, length)));
            List<Message> r = client.receiveReply(1000);
            while (r != null) {
                List<Content> c = only(r, Content.class);
                if (!c.isEmpty() && c.get(0).offset() == offset) {
                    return r;
                }
                r = client.receiveReply(200);
            }
        }
        throw new AssertionError("no Content for offset " + offset);
    }
}
