package io.cjp2p.loadtest.cli;

import io.cjp2p.codec.PeerAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A page of the node's HTTP listener ({@code --metrics-url}, {@code --status-url}): an http URL on a
 * literal loopback address, as {@code --target} is, since the loadtest jar reads nothing else.
 */
public final class LoopbackHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @throws IllegalArgumentException unless {@link #allows} the URL */
    public LoopbackHttp(URI url) {
        if (!allows(url)) {
            throw new IllegalArgumentException(url + " is not an http URL on loopback");
        }
        this.url = url;
    }

    /** An http URL whose host is a literal loopback address (a name is not resolved). */
    public static boolean allows(URI url) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return false;
        }
        InetSocketAddress a = PeerAddress.parse(url.getHost() + ":" + (url.getPort() < 0 ? 80 : url.getPort()));
        return a != null && a.getAddress().isLoopbackAddress();
    }

    public URI url() {
        return url;
    }

    /** @throws IOException when the page cannot be fetched or does not answer 200 */
    public byte[] get() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return r.body();
    }
}
