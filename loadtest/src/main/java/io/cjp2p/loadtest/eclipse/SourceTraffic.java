package io.cjp2p.loadtest.eclipse;

/** The sources' datagram counts. Touched only by the run's event loop, so plain fields. */
final class SourceTraffic {
    long sent;
    /** Answers that matched the request outstanding, plus handshake answers. */
    long replies;
    /** Requests that had no matching answer when the next one was due. */
    long unanswered;
    /** The node's maintenance probes answered, as a peer does. */
    long probesAnswered;
    /** Datagrams that did not decode or answered no request outstanding. */
    long other;
}
