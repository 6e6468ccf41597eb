package io.cjp2p.node.download;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockBitmapTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsTheSameBlocks() throws IOException {
        BlockBitmap map = new BlockBitmap(10 * 4096 + 100);
        assertEquals(11, map.blocks());
        map.set(0);
        map.set(7);
        map.set(10);
        assertFalse(map.set(7));
        Path f = dir.resolve("x.bitmap");
        map.save(f);
        assertEquals(16 + 2, Files.size(f));
        BlockBitmap back = BlockBitmap.load(f);
        assertEquals(map.size(), back.size());
        assertEquals(3, back.count());
        assertTrue(back.has(0) && back.has(7) && back.has(10));
        assertFalse(back.has(1));
        assertEquals(2 * 4096 + 100, back.bytesPresent());
        assertFalse(Files.exists(dir.resolve("x.bitmap.tmp")));
    }

    @Test
    void refusesAFileThatIsNotABitmap() throws IOException {
        Path f = dir.resolve("bad.bitmap");
        Files.writeString(f, "not a bitmap at all");
        assertThrows(IOException.class, () -> BlockBitmap.load(f));
        BlockBitmap map = new BlockBitmap(5 * 4096);
        map.save(f);
        byte[] cut = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(cut, cut.length - 1));
        assertThrows(IOException.class, () -> BlockBitmap.load(f));
    }

    @Test
    void anEmptyObjectIsCompleteAtOnce() {
        BlockBitmap map = new BlockBitmap(0);
        assertEquals(0, map.blocks());
        assertTrue(map.complete());
    }
}
