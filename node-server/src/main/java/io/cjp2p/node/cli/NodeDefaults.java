package io.cjp2p.node.cli;

import io.cjp2p.node.config.Bootstrap;
import io.cjp2p.node.config.Bound;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.netty.util.NetUtil;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * Each flag's default, written as the flag takes it, from {@link NodeConfig#DEFAULT}: the command
 * line uses and shows ({@code ${DEFAULT-VALUE}}) the defaults the node's configuration declares,
 * so the two cannot drift apart. {@code --cpus} has none (not pinned).
 */
public final class NodeDefaults implements IDefaultValueProvider {
    /** Not part of the node's configuration: only the command line sets the log level. */
    static final LogLevel LOG_LEVEL = LogLevel.INFO;

    private static final Map<String, String> VALUES = of(NodeConfig.DEFAULT);

    /** The flags' defaults for {@code config}, keyed by flag. */
    static Map<String, String> of(NodeConfig config) {
        LimitsConfig limits = config.limits();
        Map<String, String> m = new HashMap<>();
        m.put("--port", Integer.toString(config.port()));
        m.put("--bind", NetUtil.toAddressString(config.bindAddress()));
        m.put("--bootstrap", Bootstrap.format(config.bootstrap()));
        m.put("--max-peers", Integer.toString(config.maxPeers()));
        m.put("--max-candidates", Integer.toString(config.maxCandidates()));
        m.put("--threads", Integer.toString(config.threads()));
        m.put("--transport", config.transport().toString());
        m.put("--busy-poll", Bound.BUSY_POLL.amount(config.busyPoll()));
        m.put("--send-socket", Switch.of(config.sendSocket()).toString());
        m.put("--tick-ms", Bound.TICK.amount(config.tick()));
        m.put("--peer-ttl-s", Bound.PEER_TTL.amount(config.peerTtl()));
        m.put("--cookie-rotation-s", Bound.COOKIE_ROTATION.amount(config.cookieRotation()));
        m.put("--log-level", LOG_LEVEL.name());
        m.put("--http-port", Integer.toString(config.httpPort()));
        m.put("--http-bind", NetUtil.toAddressString(config.httpAddress()));
        m.put("--ws-allow-origin", config.wsAllowOrigins().isEmpty() ? "none" : String.join(",", config.wsAllowOrigins()));
        m.put("--limits", Switch.of(limits.enabled()).toString());
        m.put("--limit-unverified-pps", Long.toString(limits.unverifiedDatagrams().perSecond()));
        m.put("--limit-verified-pps", Long.toString(limits.verifiedDatagrams().perSecond()));
        m.put("--limit-prefix-pps", Long.toString(limits.prefixDatagrams().perSecond()));
        m.put("--limit-unverified-reply-bytes", Long.toString(limits.unverifiedReplyBytes().perSecond()));
        m.put("--limit-verified-reply-bytes", Long.toString(limits.verifiedReplyBytes().perSecond()));
        m.put("--limit-global-reply-bytes", Long.toString(limits.globalReplyBytes().perSecond()));
        m.put("--limit-table-size", Integer.toString(limits.tableSize()));
        m.put("--state-dir", config.stateDir().toString());
        m.put("--upload-max-bytes", Long.toString(config.uploadMaxBytes()));
        return Map.copyOf(m);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option ? VALUES.get(option.longestName()) : null;
    }
}
