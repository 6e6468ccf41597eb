package io.cjp2p.node.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The programs some tests run: Debian's prometheus/promtool and docker-compose. CI installs them
 * (.ci/run); a machine without them fails these tests with a message saying what to install,
 * rather than passing silently.
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    public static Path require(String program, String debianPackage) {
        Path found = find(program);
        if (found != null) {
            return found;
        }
        return fail(program + " is not on PATH: install Debian's " + debianPackage + " package "
                + "(apt-get install -y " + debianPackage + "; .ci/run does this)");
    }

    /** {@code program} on PATH, or null. */
    public static Path find(String program) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, program);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** What a finished program said and how it ended. */
    public record Result(int exitCode, String output) {
    }

    /** Runs a program to completion (stdout and stderr together), feeding it {@code stdin}. */
    public static Result run(List<String> command, Path workDir, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                fail(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /** The repository root: the first parent holding docker-compose.yml. */
    public static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
            p = p.getParent();
        }
        return p != null ? p : fail("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
    }
}
