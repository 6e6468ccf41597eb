package io.cjp2p.node.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Limits;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;

/**
 * A batch of datagrams sent with one sendmmsg on a socket that Netty does not manage, through
 * Netty's own epoll library. Netty keeps its batch array and its sendmmsg call package-private, so
 * they are looked up once here; a Netty whose internals differ leaves {@link #UNAVAILABLE} set and
 * the node sends through its channels as before. The handles are constants, so the JIT calls them
 * directly.
 *
 * <p>The batch holds the packets it was given until they are sent or taken back. Not thread-safe:
 * one batch per event loop.
 */
final class NativeSendBatch {
    private static final MethodHandle NEW_ARRAY;
    private static final MethodHandle ADD;
    private static final MethodHandle PACKETS;
    private static final MethodHandle CLEAR;
    private static final MethodHandle RELEASE;
    private static final MethodHandle SENDMMSG;
    /** Why the batch cannot be used, or {@code null} when it can. */
    static final Throwable UNAVAILABLE;

    static {
        MethodHandle newArray = null;
        MethodHandle add = null;
        MethodHandle packets = null;
        MethodHandle clear = null;
        MethodHandle release = null;
        MethodHandle sendmmsg = null;
        Throwable unavailable = null;
        try {
            Epoll.ensureAvailability();
            MethodHandles.Lookup self = MethodHandles.lookup();
            Class<?> arrayClass = Class.forName("io.netty.channel.epoll.NativeDatagramPacketArray");
            Class<?> nativeClass = Class.forName("io.netty.channel.epoll.Native");
            MethodHandles.Lookup array = MethodHandles.privateLookupIn(arrayClass, self);
            MethodHandles.Lookup natives = MethodHandles.privateLookupIn(nativeClass, self);
            Class<?> packetArrayClass = Class.forName("[Lio.netty.channel.epoll.NativeDatagramPacketArray$NativeDatagramPacket;");
            newArray = array.findConstructor(arrayClass, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            add = array.findVirtual(arrayClass, "add0", MethodType.methodType(boolean.class, ByteBuf.class, int.class,
                    int.class, int.class, InetSocketAddress.class))
                    .asType(MethodType.methodType(boolean.class, Object.class, ByteBuf.class, int.class, int.class,
                            int.class, InetSocketAddress.class));
            packets = array.findVirtual(arrayClass, "packets", MethodType.methodType(packetArrayClass))
                    .asType(MethodType.methodType(Object.class, Object.class));
            clear = array.findVirtual(arrayClass, "clear", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            release = array.findVirtual(arrayClass, "release", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            sendmmsg = natives.findStatic(nativeClass, "sendmmsg", MethodType.methodType(int.class, int.class,
                    boolean.class, packetArrayClass, int.class, int.class))
                    .asType(MethodType.methodType(int.class, int.class, boolean.class, Object.class, int.class, int.class));
        } catch (Throwable e) {
            unavailable = e;
        }
        NEW_ARRAY = newArray;
        ADD = add;
        PACKETS = packets;
        CLEAR = clear;
        RELEASE = release;
        SENDMMSG = sendmmsg;
        UNAVAILABLE = unavailable;
    }

    private final int fd;
    private final boolean ipv6;
    private final Object array;
    private final Object packets;
    private final DatagramPacket[] held = new DatagramPacket[Limits.UIO_MAX_IOV];
    private int count;

    /** A batch for the socket {@code fd}; {@code ipv6} when it is an IPv6 socket. */
    NativeSendBatch(int fd, boolean ipv6) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("Netty's sendmmsg cannot be reached", UNAVAILABLE);
        }
        this.fd = fd;
        this.ipv6 = ipv6;
        try {
            this.array = (Object) NEW_ARRAY.invokeExact();
            this.packets = (Object) PACKETS.invokeExact(array);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** Whether {@code packet} can go in a batch: a recipient, and bytes in direct memory (Netty skips empty ones). */
    static boolean fits(DatagramPacket packet) {
        ByteBuf content = packet.content();
        return packet.recipient() != null && content.isReadable() && content.hasMemoryAddress();
    }

    /** Adds {@code packet}, which {@link #fits}; {@code false} when the batch is full. */
    boolean add(DatagramPacket packet) {
        ByteBuf content = packet.content();
        try {
            if (!(boolean) ADD.invokeExact(array, content, content.readerIndex(), content.readableBytes(), 0,
                    packet.recipient())) {
                return false;
            }
        } catch (Throwable e) {
            throw unchecked(e);
        }
        held[count++] = packet;
        return true;
    }

    /** Packet {@code i}, given back: the batch no longer holds or sends it. */
    DatagramPacket take(int i) {
        DatagramPacket p = held[i];
        held[i] = null;
        return p;
    }

    int count() {
        return count;
    }

    /**
     * Sends the datagrams from {@code offset} on with one sendmmsg and releases those the kernel
     * took; returns how many, 0 when its buffer is full.
     *
     * @throws IOException the kernel refused the datagram at {@code offset} (errno in the message)
     */
    int send(int offset) throws IOException {
        int sent;
        try {
            sent = (int) SENDMMSG.invokeExact(fd, ipv6, packets, offset, count - offset);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw unchecked(e);
        }
        for (int i = offset; i < offset + sent; i++) {
            take(i).release();
        }
        return sent;
    }

    /** Empties the batch for the next one; a packet neither sent nor taken back is released. */
    void clear() {
        onArray(CLEAR);
    }

    /** Empties the batch and frees its native memory; it cannot be used after. */
    void release() {
        onArray(RELEASE);
    }

    /** Releases what is still held and runs {@code handle}, one of Netty's array methods without arguments. */
    private void onArray(MethodHandle handle) {
        for (int i = 0; i < count; i++) {
            DatagramPacket p = take(i);
            if (p != null) {
                p.release();
            }
        }
        count = 0;
        try {
            handle.invokeExact(array);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** What a method handle threw, unchecked: Netty's methods here declare no checked exception but IOException. */
    private static RuntimeException unchecked(Throwable e) {
        if (e instanceof Error error) {
            throw error;
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
