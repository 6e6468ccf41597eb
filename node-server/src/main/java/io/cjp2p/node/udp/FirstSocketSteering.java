package io.cjp2p.node.udp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.RawUnixChannelOption;
import io.netty.util.internal.PlatformDependent;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * Hands every datagram that arrives on an SO_REUSEPORT group to the group's first socket: a classic
 * BPF program that returns 0, attached to the group with {@code SO_ATTACH_REUSEPORT_CBPF}.
 *
 * <p>Why: a send-only socket on a wildcard address cannot be connected to keep datagrams off it
 * (connecting fixes its source address), so the kernel would hash a share of the port's traffic to
 * it. Attached once the first socket is bound and before anything else joins, the program makes the
 * sockets that join later send-only, with no moment in which one could be picked.
 */
final class FirstSocketSteering {
    private static final int SOL_SOCKET = 1;
    /** The value in Linux's asm-generic socket.h, which x86-64 and arm64 use. */
    private static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    /** {@code struct sock_fprog} on a 64-bit Linux: a 16-bit length, padding, then a pointer. */
    private static final int FPROG_BYTES = 16;
    private static final RawUnixChannelOption ATTACH =
            new RawUnixChannelOption("SO_ATTACH_REUSEPORT_CBPF", SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, FPROG_BYTES);
    /** {@code BPF_RET | BPF_K}: return the constant in the instruction. */
    private static final short BPF_RET_K = 0x06;
    private static final Set<String> ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64");

    private FirstSocketSteering() {
    }

    /** Whether the program can be attached here: the option's number and layout as this class knows them. */
    static boolean available() {
        return ARCHITECTURES.contains(System.getProperty("os.arch")) && PlatformDependent.hasUnsafe()
                && PlatformDependent.addressSize() == 8;
    }

    /**
     * Attaches the program to the group of {@code first}, a bound epoll channel that is the group's
     * only socket so far.
     *
     * @throws ChannelException when the kernel refuses it
     */
    static void attach(Channel first) {
        // One instruction, {code, jt, jf, k}: return 0, the index of the first socket. The kernel copies it.
        ByteBuffer program = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        program.putShort(0, BPF_RET_K).put(2, (byte) 0).put(3, (byte) 0).putInt(4, 0);
        ByteBuffer fprog = ByteBuffer.allocate(FPROG_BYTES).order(ByteOrder.nativeOrder());
        fprog.putShort(0, (short) 1).putLong(8, PlatformDependent.directBufferAddress(program));
        try {
            if (!first.config().setOption(ATTACH, fprog)) {
                throw new ChannelException("not an epoll channel: " + first);
            }
        } finally {
            Reference.reachabilityFence(program);
        }
    }
}
