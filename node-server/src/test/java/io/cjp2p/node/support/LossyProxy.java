package io.cjp2p.node.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback that drops a share of the datagrams in each direction: clients send to
 * {@link #address()}, the relay forwards to the target from a socket of its own, and answers go
 * back to the last client that sent. One client at a time, which is what a download test needs.
 */
public final class LossyProxy implements AutoCloseable {
    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress target;
    private final double loss;
    private volatile SocketAddress client;
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong forwarded = new AtomicLong();

    public LossyProxy(InetSocketAddress target, double loss) throws IOException {
        this.target = target;
        this.loss = loss;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        for (DatagramSocket s : new DatagramSocket[] {front, back}) {
            s.setReceiveBufferSize(4 << 20);
            s.setSendBufferSize(4 << 20);
        }
        start("lossy-proxy-up", front, true, 1);
        start("lossy-proxy-down", back, false, 2);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    private void start(String name, DatagramSocket from, boolean up, long seed) {
        Thread t = new Thread(() -> relay(from, up, new SplittableRandom(seed)), name);
        t.setDaemon(true);
        t.start();
    }

    private void relay(DatagramSocket from, boolean up, SplittableRandom random) {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!from.isClosed()) {
            try {
                p.setData(buf);
                from.receive(p);
                if (up) {
                    client = p.getSocketAddress();
                }
                if (random.nextDouble() < loss) {
                    dropped.incrementAndGet();
                    continue;
                }
                SocketAddress to = up ? target : client;
                if (to != null) {
                    (up ? back : front).send(new DatagramPacket(buf, 0, p.getLength(), to));
                    forwarded.incrementAndGet();
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // a lost datagram is what this class is for
            }
        }
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
