package io.cjp2p.loadtest.conformance;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cjp2p.loadtest.conformance.Wire.ALWAYS_RETURNED;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_ALWAYS_RETURN;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_RETURN;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_SEND_PEERS;

/**
 * A tiny CJP2P node on loopback for the kit's own tests: cookies, Peers, echoes and the 2x rule,
 * done simply and correctly, except for one deliberate {@link Flaw}.
 */
final class TinyNode implements AutoCloseable {
    enum Flaw {
        NONE,
        /** Answers PleaseSendPeers with 60 peers to anyone, verified or not. */
        AMPLIFIES,
        /** Never sends AlwaysReturned. */
        DROPS_COOKIES,
        /** Stops answering anything once it receives {@code [1,2,3]}. */
        DIES_ON_1_2_3
    }

    private static final byte[] ONE_TWO_THREE = "[1,2,3]".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 28;

    private final Flaw flaw;
    private final DatagramSocket socket;
    private final Thread thread;
    /** Cookies of verified senders, per ip:port; only the node's thread touches it. */
    private final Map<SocketAddress, byte[]> stored = new HashMap<>();
    private boolean dead;

    private TinyNode(Flaw flaw) throws IOException {
        this.flaw = flaw;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "tiny-node-" + flaw);
        thread.setDaemon(true);
    }

    static TinyNode start(Flaw flaw) throws IOException {
        TinyNode n = new TinyNode(flaw);
        n.thread.start();
        return n;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] reply = answer(Arrays.copyOf(packet.getData(), packet.getLength()), packet.getSocketAddress(),
                        packet.getAddress());
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private byte[] answer(byte[] data, SocketAddress from, InetAddress ip) {
        if (flaw == Flaw.DIES_ON_1_2_3 && Arrays.equals(data, ONE_TWO_THREE)) {
            dead = true;
        }
        if (dead) {
            return null;
        }
        ParsedDatagram d = ParsedDatagram.parse(data);
        if (!d.array()) {
            return null;
        }
        byte[] ours = Wire.utf8(Wire.cookieBody("tiny-" + Integer.toHexString(ip.hashCode())));
        boolean verified = d.hasBody(ALWAYS_RETURNED, ours);
        byte[] theirs = d.first(PLEASE_ALWAYS_RETURN).map(Element::body).orElse(null);
        boolean recognised = false;
        List<String> answers = new ArrayList<>();
        for (Element e : d.elements()) {
            switch (e.name()) {
                case PLEASE_SEND_PEERS -> answers.add(peers(flaw == Flaw.AMPLIFIES ? 60 : verified ? 3 : 1));
                case PLEASE_RETURN -> answers.add(Wire.element(Wire.RETURNED, e.body()));
                case PLEASE_ALWAYS_RETURN, ALWAYS_RETURNED -> { }
                default -> {
                    continue;
                }
            }
            recognised = true;
        }
        List<String> reply = new ArrayList<>();
        boolean echo = flaw != Flaw.DROPS_COOKIES;
        if (verified) {
            if (theirs != null) {
                stored.put(from, theirs);
            }
            byte[] cookie = theirs != null ? theirs : stored.get(from);
            if (answers.isEmpty()) {
                return null;
            }
            reply.addAll(answers);
            if (cookie != null && echo) {
                reply.add(Wire.element(ALWAYS_RETURNED, cookie));
            }
        } else {
            if (!recognised) {
                return null;
            }
            int budget = flaw == Flaw.AMPLIFIES ? 65_507 : 2 * (data.length + HEADER) - HEADER;
            if (theirs != null && echo) {
                add(reply, Wire.element(ALWAYS_RETURNED, theirs), budget);
            }
            answers.forEach(a -> add(reply, a, budget));
            add(reply, Wire.element(PLEASE_ALWAYS_RETURN, ours), budget);
        }
        return reply.isEmpty() ? null : Wire.datagram(reply.toArray(String[]::new));
    }

    /** Adds {@code element} if the datagram stays within {@code budget} bytes. */
    private static void add(List<String> reply, String element, int budget) {
        int size = 2 + reply.stream().mapToInt(s -> Wire.utf8(s).length + 1).sum() + Wire.utf8(element).length;
        if (size <= budget) {
            reply.add(element);
        }
    }

    private static String peers(int n) {
        List<String> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add("\"192.0.2." + i + ":24254\"");
        }
        return Wire.element(Wire.PEERS, "{\"peers\":[" + String.join(",", list) + "]}");
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
