package io.cjp2p.loadtest.eclipse;

/** Whose a handed-out address is. */
enum Origin {
    /** One of the attacker's sources. */
    ATTACKER,
    /** One of the honest sources. */
    HONEST,
    /** Anything else: the scenario's own fresh clients, peers the node knew before. */
    OTHER
}
