package io.cjp2p.node.peer;

import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.RawJson;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Our round-trip probes: the body of each PleaseReturnThisMessage we send is a fresh random nonce,
 * {@code {"cookie":"<16 hex>"}} (the shape Rust returns, PROTOCOL.md 5.3), and the round trip is our
 * own clock's difference between sending the probe and receiving the nonce back, from the address
 * the probe went to, once.
 *
 * <p>Why not a timestamp in the body: whatever the body says, the peer can change, and a peer that
 * added 50 ms to a timestamp looked 50 ms faster, and faster peers are handed out first. A nonce
 * proves only that the answer is to our probe; the times never leave the node.
 *
 * <p>Bounded: a ring of {@link #CAPACITY} slots; the nonce's low bits name its slot, and a new probe
 * overwrites the oldest. The rest of the nonce comes from AES-CTR under a per-node random key, so it
 * cannot be guessed from the nonces a peer has seen.
 */
public final class RoundTripProbes {
    /** Outstanding probes remembered; maintenance sends a handful per tick, so minutes' worth. A power of two. */
    public static final int CAPACITY = 4096;
    /** Answers later than this are not round trips we believe (the old clock's limit was 60 s). */
    public static final long TIMEOUT_NANOS = 30_000_000_000L;

    /*
     * Threads: one writer, maintenance's event loop, and answers read on every event loop (with
     * --threads N a peer's answer lands on whichever socket the kernel picks). Rather than hop each
     * answer to the owning loop (a task allocated per ReturnedMessage, which any verified peer could
     * make us allocate at will) or lock, each slot holds an immutable Probe published through an
     * AtomicReferenceArray, and an answer claims its probe with one CAS on the probe's own flag: a
     * reader sees either the old probe or the new one, whole, and only one answer wins the CAS.
     */
    private final AtomicReferenceArray<Probe> slots;
    private final int mask;
    private final long timeoutNanos;
    /** Keystream of nonces; used by the single writer only. */
    private final Cipher keystream;
    private final byte[] zeros = new byte[8];
    private final byte[] random = new byte[8];
    /** Probes issued so far; the writer's own counter. */
    private long issued;

    public RoundTripProbes() {
        this(CAPACITY, TIMEOUT_NANOS, new SecureRandom());
    }

    /**
     * @param capacity     slots, a power of two
     * @param timeoutNanos the longest round trip believed
     * @param seed         where the generator's key comes from
     */
    public RoundTripProbes(int capacity, long timeoutNanos, SecureRandom seed) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
        this.timeoutNanos = timeoutNanos;
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        seed.nextBytes(key);
        seed.nextBytes(iv);
        try {
            keystream = Cipher.getInstance("AES/CTR/NoPadding");
            keystream.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every JDK", e);
        }
    }

    public int capacity() {
        return mask + 1;
    }

    /**
     * Remembers a probe to {@code to} sent at {@code sentNanos} (System.nanoTime, taken before the
     * send, so a measured round trip is never shorter than the real one) and returns the body to
     * send in its PleaseReturnThisMessage. Called by one thread only: maintenance's event loop.
     */
    public RawJson issue(InetSocketAddress to, long sentNanos) {
        int slot = (int) (issued++ & mask);
        long nonce = (nextRandom() & ~(long) mask) | slot;
        slots.set(slot, new Probe(to, nonce, sentNanos));
        return Cookies.hexBody(nonce);
    }

    /**
     * Takes a ReturnedMessage body from {@code from}, received at {@code receivedNanos}.
     *
     * @return the round trip in nanoseconds (zero or more), or a negative code for the reason it is
     *         not one ({@link RoundTripRejection#of}); a long rather than an object, so that the
     *         packet path allocates nothing
     */
    public long answer(InetSocketAddress from, RawJson body, long receivedNanos) {
        if (!Cookies.isHexBody(body)) {
            // Some implementation may re-serialise the body; judge the string it carries.
            String text = Cookies.extract(body);
            body = text == null || text.length() != 16 ? null : Cookies.body(text);
            if (body == null || !Cookies.isHexBody(body)) {
                return RoundTripRejection.MALFORMED.code();
            }
        }
        long nonce = Cookies.hexBodyValue(body);
        Probe p = slots.get((int) (nonce & mask));
        long rtt = p == null ? -1 : receivedNanos - p.sentNanos;
        if (p == null || p.nonce != nonce || rtt < 0) {
            return RoundTripRejection.UNKNOWN.code();
        }
        if (!p.address.equals(from)) {
            return RoundTripRejection.WRONG_SOURCE.code(); // not claimed: the real peer may still answer
        }
        if (rtt > timeoutNanos) {
            return RoundTripRejection.EXPIRED.code();
        }
        return p.claim() ? rtt : RoundTripRejection.REPLAYED.code();
    }

    private long nextRandom() {
        try {
            keystream.update(zeros, 0, 8, random, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        long r = 0;
        for (byte b : random) {
            r = (r << 8) | (b & 0xffL);
        }
        return r;
    }

    /** One probe sent; immutable but for the flag that makes its answer count once. */
    private static final class Probe {
        private static final VarHandle ANSWERED;

        static {
            try {
                ANSWERED = MethodHandles.lookup().findVarHandle(Probe.class, "answered", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final InetSocketAddress address;
        final long nonce;
        final long sentNanos;
        @SuppressWarnings("unused") // through ANSWERED
        private volatile boolean answered;

        Probe(InetSocketAddress address, long nonce, long sentNanos) {
            this.address = address;
            this.nonce = nonce;
            this.sentNanos = sentNanos;
        }

        boolean claim() {
            return ANSWERED.compareAndSet(this, false, true);
        }
    }
}
