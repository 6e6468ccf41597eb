package io.cjp2p.node.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.Peers;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.identity.KeyFile;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.SavedPeer;
import io.cjp2p.node.state.PeerFile;
import io.cjp2p.node.state.StateDirLock;
import io.cjp2p.node.support.EchoPeer;
import io.cjp2p.node.support.LogCapture;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node is the same node after a restart on its state directory: the same key, and the peers it had
 * verified known again within two ticks of starting, because they answer its probes; a peer file it
 * cannot use costs it only the saved peers.
 */
class StateRestartIT {
    private static final int PEERS = 20;
    private static final Duration TICK = Duration.ofSeconds(1);

    @TempDir
    Path stateDir;

    @RegisterExtension
    final LogCapture log = LogCapture.of("io.cjp2p");
    private final List<EchoPeer> echoes = new ArrayList<>();

    @AfterEach
    void release() {
        echoes.forEach(EchoPeer::close);
    }

    private NodeConfig config() {
        return NodeConfig.loopback().stateDir(stateDir).tick(TICK).build();
    }

    private static void await(String what, long millis, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static byte[] keyOf(int i) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) (i + 1));
        return k;
    }

    @Test
    void aRestartedNodeKnowsItsVerifiedPeersAgainWithinTwoTicks() throws Exception {
        // Twenty echo peers, each in a /16 of its own (the table takes 2 per IP, 4 per /24, 32 per /16).
        for (int i = 0; i < PEERS; i++) {
            echoes.add(new EchoPeer(InetAddress.getByName("127." + (10 + i) + ".0.1")));
        }
        Set<InetSocketAddress> addresses = new HashSet<>();
        echoes.forEach(e -> addresses.add(e.address()));

        String publicKey;
        byte[] seed;
        try (Node first = Node.start(config())) {
            for (EchoPeer e : echoes) {
                e.greet(first.localAddress(), "echo");
            }
            await("the first node verifies all " + PEERS, 10_000, () -> first.peers().size() == PEERS);
            for (int i = 0; i < PEERS; i++) {
                // what MyPublicKey handling does once a peer tells us its key
                assertTrue(first.peers().bindKey(echoes.get(i).address(), keyOf(i)));
            }
            publicKey = first.keys().publicHex();
            seed = first.keys().seed();
        } // a clean stop, as SIGTERM's hook does

        Path key = stateDir.resolve(KeyFile.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)));
        List<SavedPeer> saved = PeerFile.read(stateDir.resolve(PeerFile.FILE_NAME), 100).peers();
        assertEquals(addresses, new HashSet<>(saved.stream().map(SavedPeer::address).toList()), "SIGTERM loses nothing");

        int answeredBefore = echoes.stream().mapToInt(EchoPeer::answered).sum();
        long started = System.nanoTime();
        try (Node second = Node.start(config())) {
            assertEquals(publicKey, second.keys().publicHex(), "the same identity");
            // Read in this order, since an echo counts its answer before sending it: a saved peer in
            // the table was answered for (the first tick, 50 ms after start, may already have probed).
            int known = second.peers().size();
            int answeredSince = echoes.stream().mapToInt(EchoPeer::answered).sum() - answeredBefore;
            assertTrue(known <= answeredSince, known + " peers known, " + answeredSince
                    + " answers: saved peers are candidates until they answer");
            await("the restarted node knows all " + PEERS + " again", 2 * TICK.toMillis(),
                    () -> second.peers().size() == PEERS);
            long tookMillis = (System.nanoTime() - started) / 1_000_000L;
            assertTrue(echoes.stream().mapToInt(EchoPeer::answered).sum() >= answeredBefore + PEERS,
                    "each answered the new node's probe");
            for (int i = 0; i < PEERS; i++) {
                PeerEntry e = second.peers().get(echoes.get(i).address());
                assertArrayEquals(keyOf(i), e.publicKey(), "the key learned in the first run");
            }
            System.out.println("StateRestartIT: " + PEERS + " peers known again " + tookMillis + " ms after the restart");
        }

        String seedHex = HexFormat.of().formatHex(seed);
        List<String> lines = log.messages();
        assertTrue(lines.stream().filter(l -> l.startsWith("cjp2p node listening")).count() == 2
                && lines.stream().filter(l -> l.startsWith("cjp2p node listening"))
                .allMatch(l -> l.contains("public key 0x" + publicKey)), "the start line shows our public key: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(PEERS + " saved peers from ")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains(seedHex)), "the private key is never logged");
    }

    @Test
    void aNodeStartedWithACorruptPeerFileRunsAndSaysSo() throws Exception {
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve(PeerFile.FILE_NAME), "{\"version\":1,\"peers\":[{\"addr\":");
        try (Node node = Node.start(config());
             UdpClient client = new UdpClient(node.localAddress())) {
            List<Message> reply = client.ask("[{\"PleaseSendPeers\":{}}]");
            assertEquals(1, only(reply, Peers.class).size(), "it answers: " + reply);
        }
        ILoggingEvent warning = log.events().stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("peer file "))
                .findFirst().orElseThrow(() -> new AssertionError("no warning: " + log));
        assertTrue(warning.getFormattedMessage().contains("is not valid JSON")
                && warning.getFormattedMessage().contains("moved aside"), warning.getFormattedMessage());
        try (Stream<Path> files = Files.list(stateDir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(4, names.size(), names.toString());
            assertEquals(List.of(KeyFile.FILE_NAME, StateDirLock.FILE_NAME, PeerFile.FILE_NAME), names.subList(0, 3));
            assertTrue(names.get(3).startsWith(PeerFile.FILE_NAME + ".bad-"), names.toString());
        }
        assertEquals(List.of(), PeerFile.read(stateDir.resolve(PeerFile.FILE_NAME), 10).peers(),
                "the node saved its own (empty) table at stop");
    }
}
