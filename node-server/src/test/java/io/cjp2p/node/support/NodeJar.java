package io.cjp2p.node.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shaded jar as a user starts it: {@code java @jvm.options -jar target/node-server.jar ARGS}, its output collected. */
public final class NodeJar {
    public static final Path JAR = Path.of("target", "node-server.jar");
    /** The thread copying each started process's output into its log. */
    private static final Map<Process, Thread> READERS = new ConcurrentHashMap<>();

    private NodeJar() {
    }

    /** Starts the jar with {@code args}; every line it prints (stdout and stderr) is added to {@code log}. */
    public static Process start(List<String> log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "@jvm.options", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        READERS.put(p, reader);
        return p;
    }

    /** Once {@code p} has ended: returns when every line it printed is in its log. */
    public static void awaitOutput(Process p) throws InterruptedException {
        Thread reader = READERS.remove(p);
        if (reader != null) {
            reader.join(10_000);
        }
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
