package io.cjp2p.node.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shaded jar as a user starts it: {@code java @jvm.options -jar target/node-server.jar ARGS}, its output collected. */
public final class NodeJar {
    public static final Path JAR = Path.of("target", "node-server.jar");

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
        return p;
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
