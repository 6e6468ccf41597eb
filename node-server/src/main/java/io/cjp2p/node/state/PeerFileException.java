package io.cjp2p.node.state;

/** The peer file cannot be used; the message says why in one line (it is logged, never fatal). */
public final class PeerFileException extends Exception {
    private static final long serialVersionUID = 1L;

    PeerFileException(String message) {
        super(message);
    }
}
