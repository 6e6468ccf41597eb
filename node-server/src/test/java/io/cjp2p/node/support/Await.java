package io.cjp2p.node.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread does, polling, for at most 5 s or as long as asked. */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        until(condition, what, Duration.ofSeconds(5));
    }

    public static void until(BooleanSupplier condition, String what, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + within.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
