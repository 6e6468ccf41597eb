package io.cjp2p.node.udp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares a Linux release string such as {@code 6.1.0-13-amd64} with a major.minor version. */
final class KernelVersion {
    private static final Pattern LEADING = Pattern.compile("^(\\d{1,4})\\.(\\d{1,4})");

    private KernelVersion() {
    }

    /** Whether {@code release} is {@code major.minor} or later; {@code false} when it does not start with numbers. */
    static boolean atLeast(String release, int major, int minor) {
        Matcher m = release == null ? null : LEADING.matcher(release);
        if (m == null || !m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        return ma > major || ma == major && Integer.parseInt(m.group(2)) >= minor;
    }
}
