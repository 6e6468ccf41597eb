package io.cjp2p.node.udp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.cjp2p.node.config.CpuList;

import java.util.ArrayList;
import java.util.List;

/**
 * Pins a thread to one CPU (Linux {@code sched_setaffinity}, through JNA: the JDK has no such call).
 *
 * <p>Why: on a shared machine the scheduler may put the event loop on the CPU of whatever its
 * datagrams wake, and the two then take turns while other CPUs idle (docs/benchmarks.md, "The
 * seventh look"). A loop with a CPU of its own does not wait. The operator chooses the CPUs
 * ({@code --cpus}); the node never pins on its own.
 */
public final class CpuAffinity {
    /** Bytes of a {@code cpu_set_t}: {@link CpuList#MAX_CPUS} bits. */
    private static final int SET_BYTES = CpuList.MAX_CPUS / 8;

    private CpuAffinity() {
    }

    /** The C library's two calls; {@code pid} 0 is the calling thread. */
    private interface LibC extends Library {
        int sched_setaffinity(int pid, int cpusetsize, long[] mask) throws LastErrorException;

        int sched_getaffinity(int pid, int cpusetsize, long[] mask) throws LastErrorException;
    }

    /** Loaded on first use, so that a node that pins nothing never loads JNA's native library. */
    private static final class Holder {
        static final LibC LIBC = Native.load((String) null, LibC.class); // the process itself, libc included
    }

    /** Whether threads can be pinned here: Linux, with JNA's native library loadable. */
    public static boolean isSupported() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            return Holder.LIBC != null;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** The CPUs the calling thread may run on (at start-up, the process's: what {@code taskset} allowed). */
    public static CpuList allowed() {
        long[] mask = new long[SET_BYTES / Long.BYTES];
        try {
            Holder.LIBC.sched_getaffinity(0, SET_BYTES, mask);
        } catch (LastErrorException e) {
            throw new IllegalStateException("sched_getaffinity failed: errno " + e.getErrorCode(), e);
        }
        List<Integer> cpus = new ArrayList<>();
        for (int cpu = 0; cpu < CpuList.MAX_CPUS; cpu++) {
            if ((mask[cpu / 64] & (1L << (cpu % 64))) != 0) {
                cpus.add(cpu);
            }
        }
        return new CpuList(cpus);
    }

    /**
     * Pins the calling thread, and only it, to {@code cpu}.
     *
     * @throws IllegalStateException when the kernel refuses (a CPU that is offline or outside the
     *                               process's cgroup, for instance)
     */
    public static void pinCurrentThread(int cpu) {
        CpuList.requireCpu(cpu);
        long[] mask = new long[SET_BYTES / Long.BYTES];
        mask[cpu / 64] = 1L << (cpu % 64);
        try {
            Holder.LIBC.sched_setaffinity(0, SET_BYTES, mask);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot pin a thread to CPU " + cpu + ": sched_setaffinity failed, errno "
                    + e.getErrorCode(), e);
        }
    }
}
