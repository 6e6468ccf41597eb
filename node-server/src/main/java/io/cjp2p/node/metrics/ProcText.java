package io.cjp2p.node.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the kernel's {@code /proc} text files at scrape time, for {@link KernelUdpStats} and
 * {@link CpuMetrics}: fields split by hand, not by a regex, because every scrape runs on the cores
 * the packet path needs.
 */
final class ProcText {
    private ProcText() {
    }

    /** The whole file, line by line. */
    static String[] lines(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n");
    }

    /** The first line, read from at most {@code maxBytes}: some files (/proc/stat) go on for kilobytes. */
    static String firstLine(Path file, int maxBytes) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(maxBytes);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** The space- or tab-separated fields of {@code line} from index {@code from} on. */
    static List<String> fields(String line, int from) {
        List<String> out = new ArrayList<>();
        int i = from;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }
}
