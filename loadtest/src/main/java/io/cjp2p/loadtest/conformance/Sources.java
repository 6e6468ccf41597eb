package io.cjp2p.loadtest.conformance;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Where each new kit socket binds, and how fast the kit sends.
 *
 * <p>A node rightly rate-limits unverified sources per IP. Against an IPv4 loopback target the kit
 * therefore spreads its sockets over 127.0.0.2 to 127.0.0.254 (Linux routes all of 127/8 to lo), so
 * no source sends more than a handful of datagrams. Where that is impossible (IPv6, macOS, a remote
 * target) every socket shares one IP and the kit spaces its datagrams instead.
 */
final class Sources {
    static final long ROTATING_GAP_NANOS = 2_000_000;
    /** About 16 datagrams a second: under the 20 a second our node allows an unverified IP. */
    static final long SHARED_GAP_NANOS = 60_000_000;
    private static final int FIRST_HOST = 2;
    private static final int HOSTS = 253;

    private final InetAddress shared;
    private int next;
    private long lastSend;

    private Sources(InetAddress shared, int start) {
        this.shared = shared;
        this.next = start;
    }

    static Sources forTarget(InetSocketAddress target) {
        InetAddress ip = target.getAddress();
        if (ip instanceof Inet4Address && ip.isLoopbackAddress()) {
            // A random start, so that two runs in a row mostly use different source IPs.
            Sources rotating = new Sources(null, ThreadLocalRandom.current().nextInt(HOSTS));
            if (canBind(rotating.host(0))) {
                return rotating;
            }
            return new Sources(InetAddress.getLoopbackAddress(), 0);
        }
        if (ip.isLoopbackAddress()) {
            return new Sources(ip, 0);
        }
        return new Sources(new InetSocketAddress(0).getAddress(), 0);
    }

    boolean rotating() {
        return shared == null;
    }

    /** The local address for the next socket; port 0, so every socket is a fresh source port too. */
    InetSocketAddress next() {
        if (shared != null) {
            return new InetSocketAddress(shared, 0);
        }
        return new InetSocketAddress(host(next++), 0);
    }

    private InetAddress host(int i) {
        int h = FIRST_HOST + Math.floorMod(i, HOSTS);
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) h});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the gap since the previous datagram has passed. */
    void pace() {
        long gap = rotating() ? ROTATING_GAP_NANOS : SHARED_GAP_NANOS;
        long wait = lastSend + gap - System.nanoTime();
        if (lastSend != 0 && wait > 0) {
            LockSupport.parkNanos(wait);
        }
        lastSend = System.nanoTime();
    }

    private static boolean canBind(InetAddress ip) {
        try {
            new DatagramSocket(new InetSocketAddress(ip, 0)).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
