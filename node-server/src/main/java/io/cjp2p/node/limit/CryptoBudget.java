package io.cjp2p.node.limit;

import io.cjp2p.node.pipeline.IdentityEvent;

import java.net.InetAddress;
import java.security.SecureRandom;

/**
 * Budgets the public-key work datagrams ask of us: an Ed25519 signature check, a Noise or
 * fast decryption, a curve-point check, an encryption for a reply. Each costs tens of microseconds
 * against about one for a whole ordinary datagram, so a flood of forged SignedMessage or
 * EncryptedMessages from spoofed sources could otherwise fill the event loops with curve arithmetic.
 *
 * <p>Two token buckets per operation, both must have room: one per source IP (a verified peer gets
 * a larger one) and one for the node, of which work for unverified sources may use only the first
 * half of the burst, so a flood from forged sources leaves room for verified peers. A refusal
 * skips that one element and is counted; nothing is queued. Shared by every event loop.
 */
public final class CryptoBudget {
    /** Per unverified source IP: operations per second, and the burst. */
    static final long UNVERIFIED_PER_SECOND = 10;
    static final long UNVERIFIED_BURST = 20;
    /** Per verified source IP. */
    static final long VERIFIED_PER_SECOND = 200;
    static final long VERIFIED_BURST = 200;
    /**
     * For the node, however many sources ask: measured on the development machine, a signature
     * check takes about 90 us and a Noise decryption about 200 us, so 1 000 a second is at most a
     * fifth of a core. (Repeats of a signature found good cost nothing: the dispatcher recognises them.)
     */
    static final long GLOBAL_PER_SECOND = 1000;
    static final long GLOBAL_BURST = 200;
    /** Share of the global burst open to unverified sources. */
    static final double UNVERIFIED_GLOBAL_SHARE = 0.5;
    static final int TABLE_SIZE = 1 << 14;

    private final Pace unverified;
    private final Pace verified;
    private final SharedBucket global;
    private final BucketTable sources;

    public CryptoBudget(Pace unverified, Pace verified, Pace global, int tableSize, long seed, long now) {
        this.unverified = unverified;
        this.verified = verified;
        this.global = new SharedBucket(global, now);
        this.sources = new BucketTable(tableSize, seed);
    }

    /** The node's default budget. */
    public static CryptoBudget defaults() {
        return new CryptoBudget(pace(UNVERIFIED_PER_SECOND, UNVERIFIED_BURST), pace(VERIFIED_PER_SECOND, VERIFIED_BURST),
                pace(GLOBAL_PER_SECOND, GLOBAL_BURST), TABLE_SIZE, new SecureRandom().nextLong(), System.nanoTime());
    }

    /** {@code perSecond} operations a second with a burst of {@code burst}. */
    public static Pace pace(long perSecond, long burst) {
        return new Pace(perSecond, burst * 1_000_000_000L / perSecond);
    }

    /**
     * Charges one operation for {@code source}.
     *
     * @return {@code null} when it may go ahead, else the refusal to count
     */
    public IdentityEvent tryAcquire(InetAddress source, boolean sourceVerified, long now) {
        Pace pace = sourceVerified ? verified : unverified;
        if (!sources.tryAcquire(SourceKeys.ip(source), pace.cost(1), pace.toleranceNanos(), now)) {
            return IdentityEvent.CRYPTO_BUDGET_SOURCE;
        }
        if (!global.tryAcquire(1, sourceVerified ? 1.0 : UNVERIFIED_GLOBAL_SHARE, now)) {
            return IdentityEvent.CRYPTO_BUDGET_GLOBAL;
        }
        return null;
    }
}
