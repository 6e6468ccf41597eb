package io.cjp2p.node.crypto;

import java.util.HexFormat;

/** The test vectors of PROTOCOL.md §5.8, §5.10 and §7.6 (RFC 8032 test keys 1 and 2). */
final class Vectors {
    static final String KEY1_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String KEY1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String KEY1_X25519_PRIVATE = "307c83864f2833cb427a2ef1c00a013cfdff2768d980c0a3a520f006904de94f";
    static final String KEY1_X25519_PUBLIC = "d85e07ec22b0ad881537c2f44d662d1a143cf830c57aca4305d85c7a90f6b62e";
    static final String KEY2_SEED = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    static final String KEY2_PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

    static final String CHAT_HI = "[{\"ChatMessage\":{\"message\":\"hi\"}}]";

    private Vectors() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static Ed25519Keys key1() {
        return Ed25519Keys.fromSeed(hex(KEY1_SEED));
    }

    static Ed25519Keys key2() {
        return Ed25519Keys.fromSeed(hex(KEY2_SEED));
    }
}
