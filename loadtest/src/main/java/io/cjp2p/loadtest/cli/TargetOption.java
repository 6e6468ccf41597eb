package io.cjp2p.loadtest.cli;

import io.cjp2p.codec.PeerAddress;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.net.InetSocketAddress;

/**
 * The {@code --target} flag of the loadtest jar's commands: a literal ip:port, on loopback unless
 * the user passed {@code --allow-non-loopback}, since the flooder and the conformance kit both
 * send what no stranger's node should receive.
 */
public final class TargetOption {
    private TargetOption() {
    }

    /**
     * @param tool what refuses, for the message ("the flooder", "the kit")
     * @throws ParameterException for a bad target (picocli exits with 2)
     */
    public static InetSocketAddress parse(CommandLine cl, String target, boolean allowNonLoopback, String tool) {
        InetSocketAddress address = PeerAddress.parse(target);
        if (address == null) {
            throw new ParameterException(cl,
                    "--target '" + target + "' is not a literal ip:port (e.g. 127.0.0.1:24254 or [::1]:24254)");
        }
        if (!address.getAddress().isLoopbackAddress() && !allowNonLoopback) {
            throw new ParameterException(cl, "--target " + target + " is outside loopback; " + tool
                    + " refuses unless --allow-non-loopback is given");
        }
        return address;
    }
}
