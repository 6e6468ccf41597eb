package io.cjp2p.loadtest.conformance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the kit sent and received over the whole run: the counts for the report, and every message type seen. */
final class Traffic {
    private long datagramsSent;
    private long bytesSent;
    private long datagramsReceived;
    private final Map<String, Element> firstSeen = new LinkedHashMap<>();

    void sent(int bytes) {
        datagramsSent++;
        bytesSent += bytes;
    }

    void received(ParsedDatagram d) {
        datagramsReceived++;
        for (Element e : d.elements()) {
            firstSeen.putIfAbsent(e.name(), e);
        }
    }

    /** The first message of this type the node sent us during the run. */
    Optional<Element> firstSeen(String name) {
        return Optional.ofNullable(firstSeen.get(name));
    }

    long datagramsSent() {
        return datagramsSent;
    }

    long bytesSent() {
        return bytesSent;
    }

    long datagramsReceived() {
        return datagramsReceived;
    }
}
