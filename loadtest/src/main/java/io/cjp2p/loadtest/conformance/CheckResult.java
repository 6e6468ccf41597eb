package io.cjp2p.loadtest.conformance;

/**
 * One line of the report.
 *
 * @param name     the check, e.g. {@code cookie-echo/string}
 * @param required whether it decides the exit status
 * @param verdict  PASS or FAIL for a required check, INFO for an optional one
 * @param found    for an optional check, whether the node showed the feature; for a required one, whether it passed
 * @param detail   what was sent and seen, in a line
 */
public record CheckResult(String name, boolean required, Verdict verdict, boolean found, String detail) {
    public CheckResult {
        if (required == (verdict == Verdict.INFO)) {
            throw new IllegalArgumentException("required checks PASS or FAIL, optional ones are INFO: " + name);
        }
    }

    static CheckResult pass(String name, String detail) {
        return new CheckResult(name, true, Verdict.PASS, true, detail);
    }

    static CheckResult fail(String name, String detail) {
        return new CheckResult(name, true, Verdict.FAIL, false, detail);
    }

    static CheckResult found(String name, String detail) {
        return new CheckResult(name, false, Verdict.INFO, true, "found: " + detail);
    }

    static CheckResult notFound(String name, String detail) {
        return new CheckResult(name, false, Verdict.INFO, false, "not found: " + detail);
    }

    /** An optional feature that is present but wrong. */
    static CheckResult warning(String name, String detail) {
        return new CheckResult(name, false, Verdict.INFO, false, "WARNING: " + detail);
    }

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }
}
