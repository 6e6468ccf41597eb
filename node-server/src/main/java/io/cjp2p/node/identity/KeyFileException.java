package io.cjp2p.node.identity;

/**
 * The node's key file cannot be used; the message is one line for the operator (the CLI exits with
 * status 2) and never contains the private key.
 */
public final class KeyFileException extends Exception {
    private static final long serialVersionUID = 1L;

    KeyFileException(String message) {
        super(message);
    }

    KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
