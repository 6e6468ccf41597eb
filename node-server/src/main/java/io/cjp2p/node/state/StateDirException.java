package io.cjp2p.node.state;

/** The state directory cannot be used by this process; one line for the operator (exit status 2). */
public final class StateDirException extends Exception {
    private static final long serialVersionUID = 1L;

    StateDirException(String message) {
        super(message);
    }

    StateDirException(String message, Throwable cause) {
        super(message, cause);
    }
}
