package io.cjp2p.node.download;

/**
 * One download as /status.json and the command line show it.
 *
 * @param size           the object's size, -1 while unknown
 * @param present        bytes on disk
 * @param bytesPerSecond new bytes per second over the last report interval
 * @param sources        sources that sent a block and were not dropped
 * @param dropped        sources dropped (bad data or unusable)
 * @param failure        why it failed, or null
 */
public record DownloadStatus(String id, Download.Phase phase, long size, long present, long bytesPerSecond,
                             int sources, int dropped, long retransmitted, String failure) {
    /** Seconds left at the current rate, or -1 when unknown. */
    public long etaSeconds() {
        return size < 0 || bytesPerSecond <= 0 ? -1 : (size - present + bytesPerSecond - 1) / bytesPerSecond;
    }
}
