package io.cjp2p.loadtest.conformance;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One UDP socket of the kit, talking to the target only. It keeps every datagram the target sent
 * it, so a check can look at all of them, and reports each to the run's {@link Traffic}.
 */
final class KitSocket implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final Sources sources;
    private final Traffic traffic;
    private final byte[] buffer = new byte[MAX_DATAGRAM];
    private final List<ParsedDatagram> received = new ArrayList<>();

    KitSocket(InetSocketAddress local, InetSocketAddress target, Sources sources, Traffic traffic) throws IOException {
        this.socket = new DatagramSocket(local);
        this.target = target;
        this.sources = sources;
        this.traffic = traffic;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(byte[] payload) throws IOException {
        sources.pace();
        socket.send(new DatagramPacket(payload, payload.length, target));
        traffic.sent(payload.length);
    }

    /**
     * Receives until a datagram from the target satisfies {@code match}, or the time is up.
     * Everything received on the way is kept.
     */
    Optional<ParsedDatagram> await(Predicate<ParsedDatagram> match, long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return Optional.empty();
            }
            ParsedDatagram d = receive((int) left);
            if (d != null && match.test(d)) {
                return Optional.of(d);
            }
        }
    }

    /** Everything the target sent that is already waiting in the socket, without blocking for more. */
    List<ParsedDatagram> drain() throws IOException {
        List<ParsedDatagram> out = new ArrayList<>();
        ParsedDatagram d;
        while ((d = receive(1)) != null) {
            out.add(d);
        }
        return out;
    }

    /** Every datagram the target has sent this socket so far. */
    List<ParsedDatagram> received() {
        return List.copyOf(received);
    }

    /** One datagram from the target, or {@code null} when none came within {@code timeoutMs}. */
    private ParsedDatagram receive(int timeoutMs) throws IOException {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            socket.setSoTimeout(left);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (fromTarget(packet)) {
                ParsedDatagram d = ParsedDatagram.parse(packet.getData(), packet.getLength());
                received.add(d);
                traffic.received(d);
                return d;
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
        }
    }

    private boolean fromTarget(DatagramPacket packet) {
        return packet.getPort() == target.getPort() && packet.getAddress().equals(target.getAddress());
    }

    @Override
    public void close() {
        socket.close();
    }
}
