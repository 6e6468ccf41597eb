package io.cjp2p.loadtest.conformance;

/**
 * The request shapes the amplification check sends from sources the node has not verified: the
 * core requests, requests that pad a reply (several questions, a long cookie to echo), and the
 * optional requests whose answers are naturally large (content, lists, schemas).
 */
enum UnverifiedRequest {
    EMPTY_ARRAY("empty-array", "[]"),
    PEERS("peers", "[{\"PleaseSendPeers\":{}}]"),
    PEERS_X8("peers-x8", "[" + String.join(",", java.util.Collections.nCopies(8, "{\"PleaseSendPeers\":{}}")) + "]"),
    PEERS_COOKIE("peers+cookie", "[{\"PleaseSendPeers\":{}},{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"kit\"}}]"),
    COOKIE("cookie", "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"kit\"}}]"),
    WRONG_COOKIE("wrong-cookie+peers", "[{\"AlwaysReturned\":{\"cookie\":\"00000000\"}},{\"PleaseSendPeers\":{}}]"),
    ECHO("echo", "[{\"PleaseReturnThisMessage\":{\"cookie\":\"k\"}}]"),
    ECHO_LONG_COOKIE("echo+long-cookie", "[{\"PleaseReturnThisMessage\":{\"cookie\":\"k\"}},"
            + "{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"" + "c".repeat(400) + "\"}}]"),
    UNKNOWN("unknown", "[{\"NoSuchMessage\":{}}]"),
    SUPPORTED_MESSAGES("supported-messages", "[{\"PleaseListSupportedMessages\":{}}]"),
    SEND_CONTENT("send-content", "[{\"PleaseSendContent\":{\"id\":\"" + FeatureChecks.CONTENT_ID
            + "\",\"length\":40960,\"offset\":0}}]"),
    SEND_CONTENT_X8("send-content-x8", "[" + String.join(",", java.util.Collections.nCopies(8,
            "{\"PleaseSendContent\":{\"id\":\"" + FeatureChecks.CONTENT_ID + "\",\"length\":40960,\"offset\":0}}")) + "]"),
    SEND_CONTENT_LONG_COOKIE("send-content+long-cookie", "[{\"PleaseSendContent\":{\"id\":\"" + FeatureChecks.CONTENT_ID
            + "\",\"length\":40960,\"offset\":0}},{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"" + "c".repeat(400) + "\"}}]"),
    SEND_CONTENT_BAD_ID("send-content-bad-id", "[{\"PleaseSendContent\":{\"id\":\"../../etc/passwd\",\"length\":40960,"
            + "\"offset\":0}}]"),
    LIST_CONTENT("list-content", "[{\"PleaseListContent\":{}}]"),
    LIST_CONTENT_X8("list-content-x8", "[" + String.join(",", java.util.Collections.nCopies(8, "{\"PleaseListContent\":{}}"))
            + "]"),
    WHERE_ARE_THEY("where-are-they", "[{\"WhereAreThey\":{\"ed25519h\":\"" + FeatureChecks.SOME_KEY + "\"}}]"),
    GET_LATEST("get-latest", "[{\"GetLatest\":{\"ed25519\":\"" + FeatureChecks.SOME_KEY + "\",\"name\":\"index.html\"}}]");

    final String label;
    private final String json;

    UnverifiedRequest(String label, String json) {
        this.label = label;
        this.json = json;
    }

    byte[] bytes() {
        return Wire.utf8(json);
    }
}
