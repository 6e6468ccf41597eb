package io.cjp2p.codec;

import java.util.ArrayList;
import java.util.List;

/** Skip reports held back until the element they came from is known to be kept rather than skipped whole. */
final class HeldSkips implements DecodeObserver {
    private final List<SkipReason> reasons = new ArrayList<>();

    @Override
    public void skipped(SkipReason reason) {
        reasons.add(reason);
    }

    /** Reports what was held to {@code observer}, in order, and forgets it. */
    void passTo(DecodeObserver observer) {
        for (SkipReason reason : reasons) {
            observer.skipped(reason);
        }
        reasons.clear();
    }

    void clear() {
        reasons.clear();
    }
}
