package io.cjp2p.loadtest.conformance;

/** A check's result: required checks PASS or FAIL; optional ones only inform. */
public enum Verdict {
    PASS, FAIL, INFO
}
