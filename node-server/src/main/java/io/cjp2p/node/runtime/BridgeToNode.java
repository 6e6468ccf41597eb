package io.cjp2p.node.runtime;

import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.http.BridgeClient;
import io.cjp2p.node.http.BridgeInbound;
import io.cjp2p.node.peer.PeerTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the node does with a browser page's frame, so far: decode it as a datagram (the codec's
 * rules and limits, so a frame over the UDP maximum is refused too), answer {@code PleaseSendPeers}
 * with {@code Peers} from the whole handout (a local page may see private peers) and {@code
 * PleaseReturnThisMessage} with {@code ReturnedMessage}, to that page only. Other messages are
 * ignored until the node learns to forward them.
 */
public final class BridgeToNode implements BridgeInbound {
    private final MessageDecoder decoder = new MessageDecoder();
    private final PeerTable peers;

    public BridgeToNode(PeerTable peers) {
        this.peers = peers;
    }

    @Override
    public boolean fromBrowser(BridgeClient client, byte[] json) {
        List<Message> messages = new ArrayList<>();
        if (decoder.decode(json, json.length, messages, DecodeObserver.IGNORE) != null) {
            return false;
        }
        List<Message> answers = new ArrayList<>(2);
        for (Message m : messages) {
            if (m instanceof PleaseSendPeers) {
                answers.add(peers.selectEncoded(client.remoteAddress(), false, PeerTable.MAX_HANDOUT));
            } else if (m instanceof PleaseReturnThisMessage p) {
                answers.add(new ReturnedMessage(p.body()));
            }
        }
        if (!answers.isEmpty()) {
            ByteBuf out = Unpooled.buffer(MessageEncoder.datagramLength(answers));
            try {
                MessageEncoder.encode(answers, out);
                client.send(out.toString(StandardCharsets.UTF_8));
            } finally {
                out.release();
            }
        }
        return true;
    }
}
