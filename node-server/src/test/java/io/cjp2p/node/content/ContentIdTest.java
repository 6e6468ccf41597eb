package io.cjp2p.node.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentIdTest {
    static final String ID = "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274b";

    @Test
    void sixtyFourLowercaseHexIsAnId() {
        assertTrue(ContentId.isSha256(ID));
        assertTrue(ContentId.isSha256("0".repeat(64)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../../etc/passwd", "C3514BF0056180D09376462A7A1B4F213C1D6E8EA67FAE5C25099C6FD3D8274B",
            "0xc3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274b",
            "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274",
            "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274bb",
            "blake3/c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274b",
            "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d827/b",
            "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d827\u0000b",
            "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274g", "1024M", ".", "favicon.ico"})
    void anythingElseIsRefused(String id) {
        assertFalse(ContentId.isSha256(id), id);
        assertThrows(IllegalArgumentException.class, () -> new ContentStore(Path.of("/tmp/x")).pathOf(id));
    }

    @Test
    void aUrlMayCarryRustsPrefix() {
        assertEquals(ID, ContentId.fromUrl(ID));
        assertEquals(ID, ContentId.fromUrl("0x" + ID));
        assertNull(ContentId.fromUrl("0X" + ID));
        assertNull(ContentId.fromUrl(ID.toUpperCase()));
        assertNull(ContentId.fromUrl("0x0x" + ID));
        assertNull(ContentId.fromUrl(null));
    }

    @Test
    void theStorePathIsTheIdInsideTheContentDirectory() {
        Path state = Path.of("/var/lib/cjp2p");
        assertEquals(state.resolve("content").resolve(ID), new ContentStore(state).pathOf(ID));
    }
}
