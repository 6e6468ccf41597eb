package io.cjp2p.loadtest.conformance;

/**
 * The cookie body shapes seen in the wild (PROTOCOL.md 3.7): a node must echo each one byte for
 * byte as the body of AlwaysReturned, since the sender compares what it gets back with what it sent.
 */
enum CookieShape {
    OBJECT("object"),
    STRING("string"),
    NUMBER("number"),
    ARRAY("array");

    final String label;

    CookieShape(String label) {
        this.label = label;
    }

    /** This run's body of the shape: unique to the run, so an echo cannot come from an earlier one. */
    byte[] body(String runId) {
        String value = "kit-" + runId + "-" + label;
        return Wire.utf8(switch (this) {
            case OBJECT -> Wire.cookieBody(value);
            case STRING -> Wire.quote(value);
            case NUMBER -> Long.toString(Long.parseLong(runId, 16));
            case ARRAY -> "[\"cookie\"," + Wire.quote(value) + "]";
        });
    }
}
