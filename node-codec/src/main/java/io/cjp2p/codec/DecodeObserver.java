package io.cjp2p.codec;

/** Told about every element the decoder skips, so the server can count them without the codec knowing about metrics. */
@FunctionalInterface
public interface DecodeObserver {
    DecodeObserver IGNORE = reason -> { };

    void skipped(SkipReason reason);
}
