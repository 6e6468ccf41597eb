package io.cjp2p.node.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A raw HTTP/1.1 client on a plain socket, so tests control every byte and see every close. */
public final class RawHttp implements Closeable {
    public final Socket socket;
    private final InputStream in;

    public RawHttp(InetSocketAddress server) throws IOException {
        this(server, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting, 0 for the default */
    public RawHttp(InetSocketAddress server, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(5000);
        socket.connect(server, 5000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    public RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** One response; its body is read by Content-Length unless {@code head} (a HEAD request). */
    public Reply read(boolean head) throws IOException {
        String statusLine = line();
        Map<String, String> headers = new HashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        byte[] body = new byte[0];
        if (!head) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        }
        String[] parts = statusLine.split(" ", 3);
        return new Reply(statusLine, Integer.parseInt(parts[1]), headers, body);
    }

    public Reply read() throws IOException {
        return read(false);
    }

    /** Whether the server closed (EOF or reset) within the socket timeout, with no bytes first. */
    public boolean closedByServer() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("expected the connection to close, got byte " + b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // connection reset
        }
    }

    /** {@link #closedByServer()} with a shorter wait, for asserting that a connection stays open. */
    public boolean closedByServerWithin(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return closedByServer();
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed in a response head");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        if (!s.endsWith("\r")) {
            throw new AssertionError("response line without CR: " + s);
        }
        return s.substring(0, s.length() - 1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Reply(String statusLine, int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
