package io.cjp2p.node.udp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.RawUnixChannelOption;
import io.netty.util.internal.PlatformDependent;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Hands every datagram that arrives on an SO_REUSEPORT group to one of the group's first sockets, the
 * channels: a classic BPF program attached to the group with {@code SO_ATTACH_REUSEPORT_CBPF}. With
 * one channel it returns 0; with several, a keyed hash of the source address and port, so that each
 * source stays on one event loop, as the kernel's own choice keeps it.
 *
 * <p>Why: a send-only socket on a wildcard address cannot be connected to keep datagrams off it
 * (connecting fixes its source address), so the kernel would hash a share of the port's traffic to
 * it. Attached once the channels are bound and before anything else joins, the program makes the
 * sockets that join later send-only, with no moment in which one could be picked.
 */
final class ChannelSteering {
    private static final int SOL_SOCKET = 1;
    /** The value in Linux's asm-generic socket.h, which x86-64 and arm64 use. */
    private static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    /** {@code struct sock_fprog} on a 64-bit Linux: a 16-bit length, padding, then a pointer. */
    private static final int FPROG_BYTES = 16;
    private static final RawUnixChannelOption ATTACH =
            new RawUnixChannelOption("SO_ATTACH_REUSEPORT_CBPF", SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, FPROG_BYTES);
    private static final Set<String> ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64");
    /** Classic BPF offsets below this reach the network header ({@code SKF_NET_OFF}). */
    private static final int NET = -0x100000;
    private static final SecureRandom KEYS = new SecureRandom();

    private ChannelSteering() {
    }

    /** Whether the program can be attached here: the option's number and layout as this class knows them. */
    static boolean available() {
        return ARCHITECTURES.contains(System.getProperty("os.arch")) && PlatformDependent.hasUnsafe()
                && PlatformDependent.addressSize() == 8;
    }

    /**
     * Attaches the program to the group of {@code first}, a bound epoll channel, once all {@code
     * channels} channels are bound and before any other socket joins; the kernel numbers a group's
     * sockets in the order they bound.
     *
     * @throws ChannelException when the kernel refuses it
     */
    static void attach(Channel first, int channels) {
        ByteBuffer program = program(channels, KEYS.nextInt() | 1);
        ByteBuffer fprog = ByteBuffer.allocate(FPROG_BYTES).order(ByteOrder.nativeOrder());
        fprog.putShort(0, (short) (program.capacity() / 8)).putLong(8, PlatformDependent.directBufferAddress(program));
        try {
            if (!first.config().setOption(ATTACH, fprog)) {
                throw new ChannelException("not an epoll channel: " + first);
            }
        } finally {
            Reference.reachabilityFence(program); // the kernel copies it during the call
        }
    }

    /**
     * The program for {@code channels} channels: 0 for one; for more, the source address's last 32
     * bits xor its port, times the odd {@code key} (random per start, so that no sender can aim at
     * one loop), high half, modulo {@code channels}. A read past the datagram ends the program with 0.
     */
    private static ByteBuffer program(int channels, int key) {
        ByteBuffer p = ByteBuffer.allocateDirect(channels == 1 ? 8 : 16 * 8).order(ByteOrder.nativeOrder());
        if (channels == 1) {
            return op(p, 0x06, 0, 0, 0); // ret #0
        }
        op(p, 0x30, 0, 0, NET);          //  0 ldb [net]           version and header length
        op(p, 0x74, 0, 0, 4);            //  1 rsh #4
        op(p, 0x15, 0, 5, 4);            //  2 jeq #4, 3, 8        IPv4, else IPv6
        op(p, 0xb1, 0, 0, NET);          //  3 ldxb 4*([net]&0xf)  X = IPv4 header length
        op(p, 0x48, 0, 0, NET);          //  4 ldh [x+net]         UDP source port
        op(p, 0x07, 0, 0, 0);            //  5 tax
        op(p, 0x20, 0, 0, NET + 12);     //  6 ld [net+12]         IPv4 source address
        op(p, 0x05, 0, 0, 3);            //  7 ja 11
        op(p, 0x28, 0, 0, NET + 40);     //  8 ldh [net+40]        UDP source port after a bare IPv6 header
        op(p, 0x07, 0, 0, 0);            //  9 tax
        op(p, 0x20, 0, 0, NET + 20);     // 10 ld [net+20]         last 32 bits of the IPv6 source address
        op(p, 0xac, 0, 0, 0);            // 11 xor x
        op(p, 0x24, 0, 0, key);          // 12 mul #key
        op(p, 0x74, 0, 0, 16);           // 13 rsh #16
        op(p, 0x94, 0, 0, channels);     // 14 mod #channels
        return op(p, 0x16, 0, 0, 0);     // 15 ret a
    }

    /** Appends one {@code struct sock_filter}: code, jump if true, jump if false, constant. */
    private static ByteBuffer op(ByteBuffer p, int code, int jt, int jf, int k) {
        return p.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
