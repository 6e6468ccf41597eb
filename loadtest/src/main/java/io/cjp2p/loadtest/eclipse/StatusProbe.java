package io.cjp2p.loadtest.eclipse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.loadtest.cli.LoopbackHttp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code total_peers} and the addresses of {@code active_peers} from the node's {@code /status.json}. */
final class StatusProbe {
    private static final JsonFactory JSON = new JsonFactory();

    /** What the status page said; {@code active} holds the entries whose addr parsed. */
    record Status(int totalPeers, List<InetSocketAddress> active) {
    }

    private final LoopbackHttp page;

    StatusProbe(URI url) {
        this.page = new LoopbackHttp(url);
    }

    /** @throws IOException when the page cannot be fetched or is not the status document */
    Status read() throws IOException, InterruptedException {
        return parse(page.get());
    }

    static Status parse(byte[] body) throws IOException {
        int total = -1;
        List<InetSocketAddress> active = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("status is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("total_peers") && value == JsonToken.VALUE_NUMBER_INT) {
                    total = p.getIntValue();
                } else if (field.equals("active_peers") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken v = p.nextToken();
                            InetSocketAddress a = name.equals("addr") && v == JsonToken.VALUE_STRING
                                    ? PeerAddress.parse(p.getText()) : null;
                            if (a != null) {
                                active.add(a);
                            }
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (total < 0) {
            throw new IOException("status has no total_peers");
        }
        return new Status(total, active);
    }
}
