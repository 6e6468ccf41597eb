package io.cjp2p.node.cookie;

import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.netty.util.concurrent.FastThreadLocal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Issues and checks our anti-spoof cookie.
 *
 * <p>Why it looks like this: a public node sees floods from forged source addresses, so checking a
 * cookie must cost no per-source state and no allocation that a forger can make us keep. The cookie
 * is therefore <em>derived</em>, never stored: SipHash-2-4 of the source IP under a random 128-bit
 * secret, as 16 lowercase hex characters. Only someone who receives datagrams at that IP can learn
 * it. It covers the IP and not the port, as the Rust node's does, so a NAT rebinding keeps a peer
 * verified. The secret rotates; the previous secret stays valid for one more period, so a peer
 * holding the old cookie stays verified while it learns the new one, and a leaked cookie dies
 * within two periods.
 *
 * <p>Thread-safe and lock-free: the two secrets are one immutable object behind a volatile field.
 * Every reply to an unverified source carries our cookie, so each thread keeps the last few it
 * made ({@link #cookieMessageFor}): a busy source costs one hash, not one set of objects, per reply.
 */
public final class CookieValidator {
    /** How a presented cookie compares with ours. */
    public enum Result {
        /** Not ours for this IP (or not a cookie at all). */
        INVALID,
        /** Made with the current secret. */
        CURRENT,
        /** Made with the previous secret: valid, but the peer should be sent the current cookie. */
        PREVIOUS
    }

    private record Secrets(long k0, long k1, long previousK0, long previousK1, boolean hasPrevious) {
    }

    /** Slots per thread in the cache of issued cookies; a power of two. */
    static final int CACHE_SLOTS = 64;

    private final SecureRandom random;
    private volatile Secrets secrets;
    /** Per thread, because the event loops must not share mutable state; keyed by IP and secret. */
    private final FastThreadLocal<IssuedCookies> issued = new FastThreadLocal<>() {
        @Override
        protected IssuedCookies initialValue() {
            return new IssuedCookies();
        }
    };

    public CookieValidator(SecureRandom random) {
        this.random = random;
        this.secrets = new Secrets(random.nextLong(), random.nextLong(), 0, 0, false);
    }

    public CookieValidator() {
        this(new SecureRandom());
    }

    /** Starts a new secret; cookies of the one before stay valid until the next rotation. */
    public void rotate() {
        Secrets s = secrets;
        secrets = new Secrets(random.nextLong(), random.nextLong(), s.k0, s.k1, true);
    }

    /**
     * Our PleaseAlwaysReturnThisMessage for this IP, as {@link #cookieBodyFor} makes it. The same
     * object comes back while the secret is unchanged and the IP still holds its slot in this
     * thread's cache, so replying to a busy source allocates nothing.
     */
    public PleaseAlwaysReturnThisMessage cookieMessageFor(InetAddress ip) {
        Secrets s = secrets;
        IssuedCookies cache = issued.get();
        int slot = (ip.hashCode() * 0x9E3779B9 >>> 16) & (CACHE_SLOTS - 1);
        if (cache.secrets[slot] == s && ip.equals(cache.ips[slot])) {
            return cache.messages[slot];
        }
        PleaseAlwaysReturnThisMessage m = new PleaseAlwaysReturnThisMessage(Cookies.hexBody(hash(s, ip)));
        cache.ips[slot] = ip;
        cache.secrets[slot] = s;
        cache.messages[slot] = m;
        return m;
    }

    /** Our cookie for this IP: 16 lowercase hex characters. */
    public String cookieFor(InetAddress ip) {
        return HexFormat.of().toHexDigits(hash(secrets, ip));
    }

    /**
     * The body of our PleaseAlwaysReturnThisMessage for this IP: {@code {"cookie":"…"}}. Written
     * as bytes directly (no String, no JSON escaping: hex needs none), since every reply to an
     * unverified source carries one.
     */
    public RawJson cookieBodyFor(InetAddress ip) {
        return Cookies.hexBody(hash(secrets, ip));
    }

    /**
     * Checks the body of an AlwaysReturned that arrived from {@code ip}. The shape we issue is
     * read in place without a JSON parse; other shapes (a bare string, an array) are parsed. All 16
     * digits are read and compared as one 64-bit value, so how long a check takes tells a forger
     * nothing about how many of its digits were right.
     */
    public Result check(InetAddress ip, RawJson body) {
        if (!Cookies.isHexBody(body)) {
            // Any other shape is judged as the canonical body carrying the same string would be.
            String text = Cookies.extract(body);
            body = text == null || text.length() != 16 ? null : Cookies.body(text);
            if (body == null || !Cookies.isHexBody(body)) {
                return Result.INVALID;
            }
        }
        Secrets s = secrets;
        long presented = Cookies.hexBodyValue(body);
        if (presented == hash(s, ip)) {
            return Result.CURRENT;
        }
        return s.hasPrevious && presented == hash(s.previousK0, s.previousK1, ip) ? Result.PREVIOUS : Result.INVALID;
    }

    private static long hash(Secrets s, InetAddress ip) {
        return hash(s.k0, s.k1, ip);
    }

    /**
     * SipHash of the IP's bytes, IPv4-mapped IPv6 taken as the IPv4 address. An IPv4 address is
     * hashed from {@link Inet4Address#hashCode()}, which is the address itself (the JDK has always
     * defined it so; {@code CookieValidatorTest} holds it to the byte route), because
     * {@code getAddress()} would copy an array on every datagram.
     */
    private static long hash(long k0, long k1, InetAddress ip) {
        InetAddress n = PeerAddress.normalize(ip);
        return n instanceof Inet4Address v4 ? SipHash.hashIpv4(k0, k1, v4.hashCode()) : SipHash.hash(k0, k1, n.getAddress());
    }

    /** One thread's recently issued cookies, direct-mapped by IP. */
    private static final class IssuedCookies {
        final InetAddress[] ips = new InetAddress[CACHE_SLOTS];
        final Secrets[] secrets = new Secrets[CACHE_SLOTS];
        final PleaseAlwaysReturnThisMessage[] messages = new PleaseAlwaysReturnThisMessage[CACHE_SLOTS];
    }
}
