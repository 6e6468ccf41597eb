package io.cjp2p.loadtest.eclipse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.codec.PeerAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code total_peers} and the addresses of {@code active_peers} from the node's {@code /status.json}. */
final class StatusProbe {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** What the status page said; {@code active} holds the entries whose addr parsed. */
    record Status(int totalPeers, List<InetSocketAddress> active) {
    }

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    StatusProbe(URI url) {
        this.url = url;
    }

    /** An http URL whose host is a literal loopback address: the flooder talks to nothing else. */
    static boolean onLoopback(URI url) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return false;
        }
        InetSocketAddress a = PeerAddress.parse(url.getHost() + ":" + (url.getPort() < 0 ? 80 : url.getPort()));
        return a != null && a.getAddress().isLoopbackAddress();
    }

    /** @throws IOException when the page cannot be fetched or is not the status document */
    Status read() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return parse(r.body());
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
