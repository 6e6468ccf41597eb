package io.cjp2p.loadtest;

/** What the flooder sends. */
public enum Scenario {
    /** PleaseReturnThisMessage from unverified sockets; each reply must carry the identical body. */
    ECHO("echo"),
    /** PleaseSendPeers the way a real client asks: cookie handshake first, then our cookie returned every time. */
    PEERS("peers"),
    /** Verified sockets alternating echo-only and peers requests. */
    MIXED("mixed"),
    /**
     * Malformed datagrams and well-formed ones with names nobody sent before ({@link Requests#freshNames}),
     * with one valid echo in every {@link Requests#JUNK_PROBE_EVERY} to show the node still answers.
     */
    JUNK("junk"),
    /** Echo, each socket bound to its own 127.x.y.z source address. */
    MANY_SOURCES("many-sources"),
    /**
     * Verified sockets asking for 4096-byte blocks of one held object (--content-id), cycling over
     * its first --content-blocks blocks, as a downloader does; each reply must carry Content.
     */
    CONTENT("content"),
    /**
     * PleaseSendContent for random ids at random offsets from unverified sources, each socket on its
     * own 127.x.y.z (forged sources stand-in): the tracker must stay bounded and the node answering.
     */
    CONTENT_FLOOD("content-flood"),
    /**
     * Not a flood: attacker sources from few networks become and stay verified peers while fresh
     * clients count whose addresses the node hands out (run by {@link io.cjp2p.loadtest.eclipse.EclipseRun}).
     */
    ECLIPSE("eclipse");

    private final String label;

    Scenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether sockets complete the cookie handshake before flooding. */
    public boolean verified() {
        return this == PEERS || this == MIXED || this == CONTENT;
    }

    public static Scenario parse(String s) {
        for (Scenario v : values()) {
            if (v.label.equalsIgnoreCase(s) || v.name().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + s + "' (echo, peers, mixed, junk, many-sources, content, content-flood, eclipse)");
    }

    @Override
    public String toString() {
        return label;
    }
}
