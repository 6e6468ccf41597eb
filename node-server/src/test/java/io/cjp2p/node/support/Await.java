package io.cjp2p.node.support;

import java.util.function.BooleanSupplier;

/** Waits for something another thread does, polling, for at most 5 s. */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
