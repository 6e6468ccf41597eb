package io.cjp2p.node.cli;

import java.util.Locale;

/** A flag that is {@code on} or {@code off}. */
enum Switch {
    ON,
    OFF;

    static Switch of(boolean on) {
        return on ? ON : OFF;
    }

    boolean isOn() {
        return this == ON;
    }

    /** As the flag takes it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
