package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Pinning, checked against what the kernel reports in /proc for the thread. */
class CpuAffinityTest {
    @BeforeAll
    static void linuxOnly() {
        assumeTrue(CpuAffinity.isSupported(), "thread pinning is Linux only");
    }

    /** Cpus_allowed_list of a /proc status file, parsed. */
    static CpuList allowedIn(Path status) throws IOException {
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> CpuList.parse(l.substring(l.indexOf(':') + 1))).findFirst().orElseThrow();
    }

    @Test
    void allowedIsWhatTheKernelSaysForThisThread() throws IOException {
        CpuList allowed = CpuAffinity.allowed();
        assertFalse(allowed.isEmpty());
        assertEquals(allowedIn(Path.of("/proc/thread-self/status")), allowed);
    }

    @Test
    void pinsTheCallingThreadAndNoOther() throws Exception {
        CpuList before = allowedIn(Path.of("/proc/thread-self/status"));
        int cpu = before.cpus().get(before.cpus().size() - 1);
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                CpuAffinity.pinCurrentThread(cpu);
                seen.set(allowedIn(Path.of("/proc/thread-self/status")));
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        t.start();
        t.join();
        assertEquals(new CpuList(List.of(cpu)), seen.get());
        assertEquals(before, allowedIn(Path.of("/proc/thread-self/status")), "the test's own thread is untouched");
    }

    @Test
    void aCpuTheKernelRefusesIsAnErrorThatNamesIt() throws Exception {
        // The highest CPU a cpu_set_t can name; no machine this runs on has it.
        int absent = CpuList.MAX_CPUS - 1;
        assumeTrue(!CpuAffinity.allowed().cpus().contains(absent));
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                CpuAffinity.pinCurrentThread(absent);
            } catch (Throwable e) {
                error.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(error.get() instanceof IllegalStateException, String.valueOf(error.get()));
        assertTrue(error.get().getMessage().contains("CPU " + absent), error.get().getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.pinCurrentThread(CpuList.MAX_CPUS));
    }
}
