package io.cjp2p.node.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.epoll.Epoll;

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
 * <p>Not thread-safe: one batch per event loop.
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

    /**
     * Adds {@code content}'s readable bytes (direct memory, not empty) for {@code recipient};
     * {@code false} when the batch is full. The batch holds the memory's address, not a reference.
     */
    boolean add(ByteBuf content, InetSocketAddress recipient) {
        try {
            if ((boolean) ADD.invokeExact(array, content, content.readerIndex(), content.readableBytes(), 0, recipient)) {
                count++;
                return true;
            }
            return false;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    int count() {
        return count;
    }

    /**
     * Sends the datagrams from {@code offset} on with one sendmmsg; returns how many the kernel
     * took, 0 when its buffer is full.
     *
     * @throws IOException the kernel refused the datagram at {@code offset} (errno in the message)
     */
    int send(int offset) throws IOException {
        try {
            return (int) SENDMMSG.invokeExact(fd, ipv6, packets, offset, count - offset);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** Empties the batch for the next one. */
    void clear() {
        onArray(CLEAR);
    }

    /** Frees the batch's native memory; it cannot be used after. */
    void release() {
        onArray(RELEASE);
    }

    /** Runs {@code handle}, one of Netty's array methods without arguments, and forgets the batch's datagrams. */
    private void onArray(MethodHandle handle) {
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
