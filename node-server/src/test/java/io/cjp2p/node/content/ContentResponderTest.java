package io.cjp2p.node.content;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.Content;
import io.cjp2p.codec.ContentList;
import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.IJustSawThis;
import io.cjp2p.codec.MaybeTheyHaveSome;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseListContent;
import io.cjp2p.codec.PleaseSendContent;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.reply.AmplificationGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reply contents and sizes, from a real file: Rust's semantics verified, the 2x rule unverified. */
class ContentResponderTest {
    private static final InetSocketAddress ASKER = new InetSocketAddress("127.0.0.9", 4000);
    private static final MessageDecoder DECODER = new MessageDecoder();

    @TempDir
    Path tmp;
    byte[] data;
    String id;
    ContentTracker tracker;
    ContentCounters counters;
    ContentResponder responder;

    @BeforeEach
    void share() throws Exception {
        data = new byte[100_000];
        new Random(1).nextBytes(data);
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("f"), data);
        id = ShareIndexTest.sha256(data);
        ShareIndex index = new ShareIndex(List.of(share), null, null);
        index.scan();
        tracker = new ContentTracker();
        counters = new ContentCounters();
        responder = new ContentResponder(index, tracker, counters);
    }

    /** The reply as it goes on the wire, decoded again. */
    private static List<Message> wire(List<Message> reply) {
        ByteBuf buf = Unpooled.buffer();
        MessageEncoder.encode(reply, buf);
        assertEquals(MessageEncoder.datagramLength(reply), buf.readableBytes());
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return DECODER.decode(b);
    }

    private List<Message> ask(Message m, boolean verified, int requestSize, RawJson cookie) {
        List<Message> answers = new ArrayList<>();
        responder.begin();
        responder.handle(m, ASKER, verified, requestSize, cookie, answers);
        return answers;
    }

    @Test
    void aVerifiedRequesterGetsWhatItAsksUpTo40960() {
        Content c = (Content) wire(ask(new PleaseSendContent(id, 4096, 4096), true, 150, null)).get(0);
        assertEquals(new Content(id, 4096, io.cjp2p.codec.ByteString.of(Arrays.copyOfRange(data, 4096, 8192)),
                (long) data.length), c);
        Content big = (Content) wire(ask(new PleaseSendContent(id, 8192, 1 << 20), true, 150, null)).get(0);
        assertEquals(40_960, big.base64().length());
        assertArrayEquals(Arrays.copyOfRange(data, 8192, 8192 + 40_960), big.base64().toByteArray());
        // the last block is short and reaches eof; past the end, empty data and eof
        Content last = (Content) wire(ask(new PleaseSendContent(id, 98_304, 4096), true, 150, null)).get(0);
        assertEquals(data.length - 98_304, last.base64().length());
        Content past = (Content) wire(ask(new PleaseSendContent(id, 200_000, 4096), true, 150, null)).get(0);
        assertEquals(0, past.base64().length());
        assertEquals(data.length, past.eof());
        assertEquals(4, counters.blocksServed(true));
        assertEquals(4096 + 40_960 + (data.length - 98_304), counters.bytesServed(true));
    }

    @Test
    void oneDatagramGetsAtMost40960InAll() {
        List<Message> answers = new ArrayList<>();
        responder.begin();
        for (int i = 0; i < 8; i++) {
            responder.handle(new PleaseSendContent(id, i * 16_384L, 16_384), ASKER, true, 1000, null, answers);
        }
        long total = answers.stream().mapToLong(m -> ((Content) wire(List.of(m)).get(0)).base64().length()).sum();
        assertEquals(40_960, total);
        assertTrue(MessageEncoder.datagramLength(answers) < 65_507);
    }

    @Test
    void anUnverifiedReplyKeepsThe2xRuleWithBothCookies() {
        RawJson theirs = RawJson.of("{\"cookie\":\"their-cookie-0123456789\"}");
        PleaseAlwaysReturnThisMessage ours = new PleaseAlwaysReturnThisMessage(Cookies.hexBody(42));
        for (int requestSize : new int[]{140, 200, 400, 1200, 5000}) {
            List<Message> reply = ask(new PleaseSendContent(id, 0, 4096), false, requestSize, theirs);
            int length = AmplificationGuard.fit(reply, theirs, ours, requestSize, n -> {
                throw new AssertionError("nothing should need trimming, " + n + " trimmed at " + requestSize);
            });
            assertTrue(length + 28 <= 2 * (requestSize + 28), "2x at " + requestSize);
            List<Message> sent = wire(reply);
            assertInstanceOf(AlwaysReturned.class, sent.get(0));
            Content c = (Content) sent.get(1);
            assertEquals(ours, sent.get(2), "our cookie is in, so the requester verifies on its first reply");
            assertTrue(c.base64().length() > 0 && c.base64().length() <= 4096, "data at " + requestSize);
            assertArrayEquals(Arrays.copyOf(data, c.base64().length()), c.base64().toByteArray());
            assertEquals(data.length, c.eof());
            // little room is left: at most 3 more data bytes would have fitted
            assertTrue(length + 28 > 2 * (requestSize + 28) - 8 || c.base64().length() == 4096, "tight at " + requestSize);
        }
        assertEquals(5, counters.blocksServed(false));
    }

    @Test
    void aRequestTooSmallForAnyContentGetsNone() {
        List<Message> reply = ask(new PleaseSendContent(id, 0, 4096), false, 40, null);
        assertEquals(List.of(), reply);
    }

    @Test
    void anUnknownIdFeedsTheTracker() {
        String unknown = id.replace('a', 'b').equals(id) ? id.replace('1', '2') : id.replace('a', 'b');
        assertEquals(List.of(), ask(new PleaseSendContent(unknown, 0, 4096), true, 150, null));
        InetSocketAddress other = new InetSocketAddress("127.0.0.10", 4000);
        tracker.record(unknown, other, true, System.nanoTime());
        List<Message> reply = ask(new PleaseSendContent(unknown, 0, 4096), false, 150, null);
        assertEquals(List.of(new MaybeTheyHaveSome(unknown, List.of(other))), reply);
        assertEquals(2, counters.misses());
        assertEquals(List.of(ASKER), tracker.sources(unknown, other, 48, System.nanoTime()));
    }

    @Test
    void badIdsNeverReachTheIndexOrTheTracker() {
        for (String bad : List.of("../f", id.toUpperCase(), "0x" + id, "f", "blake3/" + id)) {
            assertEquals(List.of(), ask(new PleaseSendContent(bad, 0, 4096), true, 150, null), bad);
        }
        assertEquals(5, counters.badIds());
        assertEquals(0, tracker.sourceCount());
    }

    @Test
    void listsAreCappedByVerification() throws Exception {
        Path share = tmp.resolve("share");
        for (int i = 0; i < 80; i++) {
            Files.write(share.resolve("n" + i), ("n" + i).getBytes(StandardCharsets.UTF_8));
        }
        ShareIndex index = new ShareIndex(List.of(share), null, null);
        index.scan();
        responder = new ContentResponder(index, tracker, counters);
        assertEquals(72, ((ContentList) ask(PleaseListContent.INSTANCE, true, 30, null).get(0)).results().size());
        assertEquals(2, ((ContentList) ask(PleaseListContent.INSTANCE, false, 30, null).get(0)).results().size());
        ContentResponder empty = new ContentResponder(new ShareIndex(List.of(), null, null), tracker, counters);
        List<Message> none = new ArrayList<>();
        empty.handle(PleaseListContent.INSTANCE, ASKER, true, 30, null, none);
        assertEquals(List.of(), none, "nothing held, no reply");
    }

    @Test
    void announcementsFromVerifiedSendersOnly() {
        String seen = "0".repeat(64);
        ask(new IJustSawThis(seen, 10), false, 100, null);
        ask(new ContentList(List.of(new ContentList.Entry(seen, 10))), false, 100, null);
        assertEquals(0, tracker.sourceCount());
        ask(new ContentList(List.of(new ContentList.Entry(seen, 10), new ContentList.Entry("../x", 1))), true, 100, null);
        assertEquals(List.of(ASKER), tracker.sources(seen, null, 3, System.nanoTime()));
    }
}
