package io.cjp2p.loadtest.eclipse;

/** The sources' datagram counts. Touched only by the run's event loop, so plain fields. */
final class SourceTraffic {
    /** Every datagram: handshakes, joins, keep-alives, answers to the node's probes. */
    long sent;
    /** Joins and keep-alives, each asking for a round trip. */
    long requests;
    /** Requests the node answered, late ones included. */
    long answered;
    /** Of those, answered only after the source had sent its next request. */
    long late;
    /** The node's maintenance probes answered, as a peer does. */
    long probesAnswered;
    /** Datagrams that did not decode or answered no request of ours. */
    long other;
}
