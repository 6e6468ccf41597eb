package io.cjp2p.loadtest.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.cjp2p.loadtest.conformance.Wire.PLEASE_RETURN;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_SEND_PEERS;
import static io.cjp2p.loadtest.conformance.Wire.RETURNED;

/**
 * Sends each {@link HostileDatagram} from a fresh source, then a valid request from another fresh
 * source (so that a node which rightly rate-limits the hostile one is not taken for dead). Runs
 * last: a node that dies here takes no other check down with it. A node that is already silent
 * before a datagram is not sent it, so the report names the datagram that silenced it.
 */
final class SurvivalChecks {
    private final Session s;

    SurvivalChecks(Session s) {
        this.s = s;
    }

    List<CheckResult> run() throws IOException {
        List<CheckResult> out = new ArrayList<>();
        boolean answering = answers(s.settings.tries());
        String silentSince = "before the first hostile datagram";
        for (HostileDatagram h : HostileDatagram.values()) {
            String name = "survival/" + h.label;
            if (!answering) {
                answering = answers(1);
                if (!answering) {
                    out.add(CheckResult.fail(name, "not sent: the node had stopped answering valid requests "
                            + silentSince));
                    continue;
                }
            }
            KitSocket hostile = s.fresh();
            byte[] bytes = h.bytes();
            hostile.send(bytes);
            answering = answers(s.settings.tries());
            List<ParsedDatagram> replies = hostile.drain();
            String sent = h.description + " (" + bytes.length + " B)";
            if (answering) {
                out.add(CheckResult.pass(name, sent + ": a valid request was answered after it; " + replyNote(replies)));
            } else {
                silentSince = "after survival/" + h.label;
                out.add(CheckResult.fail(name, sent + ": no answer to a valid request after it, "
                        + s.triesText()));
            }
        }
        return out;
    }

    /** Whether a valid request from a fresh source is answered: an echo if the node echoes, else PleaseSendPeers. */
    private boolean answers(int tries) throws IOException {
        KitSocket probe = s.fresh();
        if (s.echoWorks) {
            byte[] tag = s.tag();
            return s.exchange(probe, Wire.datagram(Wire.element(PLEASE_RETURN, tag)), d -> d.hasBody(RETURNED, tag),
                    tries).isPresent();
        }
        return s.exchange(probe, Wire.datagram(Wire.element(PLEASE_SEND_PEERS, "{}")), d -> true, tries).isPresent();
    }

    private static String replyNote(List<ParsedDatagram> replies) {
        if (replies.isEmpty()) {
            return "no reply to it";
        }
        int bytes = replies.stream().mapToInt(ParsedDatagram::size).sum();
        return replies.size() + (replies.size() == 1 ? " reply" : " replies") + " to it (" + bytes + " B)";
    }
}
