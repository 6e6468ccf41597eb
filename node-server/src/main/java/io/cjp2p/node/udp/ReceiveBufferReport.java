package io.cjp2p.node.udp;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log how much receive buffer the kernel granted a socket, and warns when
 * {@code net.core.rmem_max} cut the request short: a small buffer overflows in a burst, and the
 * kernel then drops datagrams before the node sees them (the {@code rcvbuf} kernel counter).
 */
final class ReceiveBufferReport {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveBufferReport.class);

    private ReceiveBufferReport() {
    }

    /** Logs what {@code channel} was asked for and granted; returns the granted size as the socket reports it. */
    static int report(Channel channel, int askedBytes) {
        int granted = ((DatagramChannelConfig) channel.config()).getReceiveBufferSize();
        boolean doubled = reportsDoubled(channel);
        LOG.info("UDP receive buffer (SO_RCVBUF): asked {} bytes, granted {} bytes{}", askedBytes, granted,
                doubled ? " (as Linux reports it: twice the size set, for its bookkeeping)" : "");
        if (capped(askedBytes, granted, doubled)) {
            LOG.warn("UDP receive buffer capped by net.core.rmem_max: a burst beyond it is dropped by the kernel"
                    + " (cjp2p_kernel_udp_errors_total{error=\"rcvbuf\"}); to grant the full size, as root:"
                    + " sysctl -w net.core.rmem_max={}", askedBytes);
        }
        return granted;
    }

    /**
     * Linux doubles SO_RCVBUF and getsockopt reports the doubled size (socket(7)). Netty's native
     * channel passes that on; the JDK's halves it again, so NIO reports the size that was set.
     */
    private static boolean reportsDoubled(Channel channel) {
        return channel instanceof EpollDatagramChannel;
    }

    /** Whether the kernel granted less than was asked; {@code doubled} when the socket reports twice the size set. */
    static boolean capped(int askedBytes, int grantedBytes, boolean doubled) {
        long full = doubled ? 2L * askedBytes : askedBytes;
        return grantedBytes < full;
    }
}
