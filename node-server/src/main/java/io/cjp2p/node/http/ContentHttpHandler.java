package io.cjp2p.node.http;

import io.cjp2p.node.content.ContentId;
import io.cjp2p.node.content.ContentStore;
import io.cjp2p.node.content.HeldObject;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * One connection's content paths ({@link ContentHttp}). It sees each request head before the
 * body gate: its own requests it answers and consumes (body included), everything else goes on to
 * the router unchanged. Its answers close the connection afterwards (Rust answers HTTP/1.0), so a
 * file being streamed is never interleaved with a pipelined request.
 */
final class ContentHttpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ContentHttpHandler.class);
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final int CHUNK = 64 * 1024;
    /**
     * A served object is a document of its own origin: HTML in it may run scripts, but as an opaque
     * origin, so its requests to /wt or /upload carry {@code Origin: null} and are refused.
     */
    private static final String SANDBOX = "sandbox allow-scripts allow-forms allow-popups allow-downloads";

    private enum State { PASS, CONSUME, UPLOAD, DONE }

    private final ContentHttp config;
    private State state = State.PASS;
    private Path upload;
    private FileChannel uploadChannel;
    private MessageDigest uploadDigest;
    private long uploadBytes;

    ContentHttpHandler(ContentHttp config) {
        this.config = config;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            if (state == State.DONE) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!req.decoderResult().isSuccess() || !handle(ctx, req)) {
                state = State.PASS;
                ctx.fireChannelRead(msg);
                return;
            }
            if (state == State.PASS) {
                state = State.CONSUME;
            }
            ReferenceCountUtil.release(msg);
            if (msg instanceof LastHttpContent last) { // a full request: its body is already here
                content(ctx, last);
            }
            return;
        }
        if (msg instanceof HttpContent c) {
            if (state == State.PASS) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                content(ctx, c);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Answers {@code req} if it is ours; false to pass it on. */
    private boolean handle(ChannelHandlerContext ctx, HttpRequest req) {
        String path;
        try {
            path = RequestTarget.pathOf(req.uri());
        } catch (RequestTarget.BadTarget e) {
            return false; // the router answers 400
        }
        HttpMethod method = req.method();
        boolean loopback = isLoopback(ctx.channel());
        if (method.equals(HttpMethod.POST) && !config.origins.allows(req.headers().get(HttpHeaderNames.ORIGIN))) {
            answer(ctx, Response.text(403, "Forbidden", "this page's origin may not POST here\n"), false);
            return true;
        }
        if (path.equals("/upload") && method.equals(HttpMethod.POST)) {
            startUpload(ctx, req, loopback);
            return true;
        }
        boolean get = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        boolean headOnly = method.equals(HttpMethod.HEAD);
        if (path.equals("/content.json") && get) {
            answer(ctx, loopback ? new Response(200, "OK", "application/json", Map.of(), config.listing())
                    : Response.text(403, "Forbidden", "loopback only\n"), headOnly);
            return true;
        }
        String id = path.length() > 1 ? ContentId.fromUrl(path.substring(1)) : null;
        if (id != null && get) {
            serve(ctx, req, id, headOnly);
            return true;
        }
        return false;
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest req, String id, boolean headOnly) {
        HeldObject held = config.content.index().lookup(id);
        if (held == null) {
            answer(ctx, Response.text(404, "Not Found", "not held here\n"), headOnly);
            return;
        }
        FileChannel file;
        try {
            file = FileChannel.open(held.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            answer(ctx, Response.text(404, "Not Found", "not held here\n"), headOnly);
            return;
        }
        long size = held.size();
        ByteRange range = ByteRange.parse(req.headers().get(HttpHeaderNames.RANGE), size);
        if (range == ByteRange.UNSATISFIABLE) {
            closeQuietly(file);
            answer(ctx, new Response(416, "Range Not Satisfiable", Response.TEXT,
                    Map.of("Content-Range", "bytes */" + size), "range not satisfiable\n".getBytes(StandardCharsets.UTF_8)),
                    headOnly);
            return;
        }
        long start = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT);
        HttpHeaders h = head.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType(held, file));
        h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (range != null) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + (start + length - 1) + "/" + size);
        }
        h.set(HttpHeaderNames.ETAG, "\"" + id + "\""); // the content never changes under its id
        h.set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", SANDBOX);
        h.set(HttpHeaderNames.CONNECTION, "close");
        state = State.DONE;
        Channel ch = ctx.channel();
        if (headOnly) {
            closeQuietly(file);
            ch.writeAndFlush(head).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ch.write(head);
        try {
            // In chunks, each its own write: the write timeout applies per chunk, not to the whole file.
            ch.writeAndFlush(new HttpChunkedInput(new ChunkedNioFile(file, start, length, CHUNK)))
                    .addListener(f -> {
                        closeQuietly(file);
                        if (f.isSuccess()) {
                            config.content.counters().httpServed(length);
                        }
                        ch.close();
                    });
        } catch (IOException e) {
            closeQuietly(file);
            ch.close();
        }
    }

    /** By the shared file's extension, else sniffed from its first bytes. */
    private static String contentType(HeldObject held, FileChannel file) {
        byte[] head = new byte[MediaTypes.SNIFF_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(head);
        try {
            while (buf.hasRemaining() && file.read(buf, buf.position()) > 0) {
                // a positional read leaves the channel's position for the chunked writer
            }
        } catch (IOException e) {
            return MediaTypes.OCTET_STREAM;
        }
        return MediaTypes.of(held.path().getFileName().toString(), head, buf.position());
    }

    private void startUpload(ChannelHandlerContext ctx, HttpRequest req, boolean loopback) {
        ContentStore store = config.content.store();
        if (!loopback) {
            answer(ctx, Response.text(403, "Forbidden", "loopback only\n"), false);
            return;
        }
        if (store == null) {
            answer(ctx, Response.text(503, "Service Unavailable", "no state directory to store uploads in\n"), false);
            return;
        }
        long announced = HttpUtil.getContentLength(req, -1L);
        if (announced > config.uploadMaxBytes) {
            answer(ctx, tooLarge(), false);
            return;
        }
        try {
            upload = store.newIncomingFile("upload-");
            uploadChannel = FileChannel.open(upload, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warn("upload: cannot make a file in {}: {}", store.incomingDir(), e.toString());
            discardUpload();
            answer(ctx, Response.text(500, "Internal Server Error", "cannot store\n"), false);
            return;
        }
        uploadDigest = sha256();
        uploadBytes = 0;
        state = State.UPLOAD;
        if (HttpUtil.is100ContinueExpected(req)) {
            // curl asks before a body over 1 KiB; without the answer it waits a second, then sends anyway
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        HttpDeadlines deadlines = ctx.pipeline().get(HttpDeadlines.class);
        if (deadlines != null) {
            deadlines.headComplete(); // the body may take longer than the head timeout; idle still applies
        }
    }

    private Response tooLarge() {
        return Response.text(413, "Content Too Large", "larger than --upload-max-bytes " + config.uploadMaxBytes + "\n");
    }

    /** A part of the body of a request this handler took. */
    private void content(ChannelHandlerContext ctx, HttpContent c) {
        if (state != State.UPLOAD) {
            return; // consumed: the body of a request already answered
        }
        ByteBuf data = c.content();
        uploadBytes += data.readableBytes();
        if (uploadBytes > config.uploadMaxBytes) {
            discardUpload();
            answer(ctx, tooLarge(), false);
            return;
        }
        try {
            ByteBuffer nio = data.nioBuffer();
            uploadDigest.update(nio.duplicate());
            while (nio.hasRemaining()) {
                uploadChannel.write(nio);
            }
        } catch (IOException e) {
            LOG.warn("upload: cannot write {}: {}", upload, e.toString());
            discardUpload();
            answer(ctx, Response.text(500, "Internal Server Error", "cannot store\n"), false);
            return;
        }
        if (c instanceof LastHttpContent) {
            finishUpload(ctx);
        }
    }

    private void finishUpload(ChannelHandlerContext ctx) {
        String id = HexFormat.of().formatHex(uploadDigest.digest());
        try {
            uploadChannel.force(true);
            uploadChannel.close();
            Path stored = config.content.store().commit(upload, id);
            upload = null;
            config.content.index().added(id, stored);
            config.content.counters().uploaded();
            LOG.info("upload: stored {} ({} bytes)", id, uploadBytes);
        } catch (IOException e) {
            LOG.warn("upload: cannot store {}: {}", id, e.toString());
            discardUpload();
            answer(ctx, Response.text(500, "Internal Server Error", "cannot store\n"), false);
            return;
        }
        answer(ctx, new Response(200, "OK", "application/json", Map.of(),
                ("{\"sha256\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)), false);
    }

    private void discardUpload() {
        closeQuietly(uploadChannel);
        uploadChannel = null;
        if (upload != null) {
            try {
                Files.deleteIfExists(upload);
            } catch (IOException ignored) {
                // left in incoming/, where nothing is served from
            }
            upload = null;
        }
    }

    /** Sends {@code r} and closes the connection politely; nothing more is read as a request. */
    private void answer(ChannelHandlerContext ctx, Response r, boolean headOnly) {
        state = State.DONE;
        HttpReplies.close(ctx, r, headOnly, LINGER);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardUpload(); // an upload cut short leaves nothing behind
        ctx.fireChannelInactive();
    }

    private static boolean isLoopback(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // read only, or already failed
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
