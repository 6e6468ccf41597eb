package io.cjp2p.node.dispatch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stranger's chat line stays one quoted, printable line in our log. */
class ChatLogTest {
    @Test
    void everythingThatCouldBreakOrFakeALineIsEscaped() {
        assertEquals("\"plain h\u00e9llo \ud83d\ude00\"", ChatLog.escape("plain h\u00e9llo \ud83d\ude00"));
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\"", ChatLog.escape("a\"b\\c\nd\re\tf"));
        // other controls, line and paragraph separators, bidi overrides, zero-width and private-use characters
        assertEquals("\"\\u{0}\\u{1b}[31m\\u{7f}\\u{85}\\u{2028}\\u{2029}\\u{202e}\\u{200b}\\u{e000}\"",
                ChatLog.escape("\u0000\u001b[31m\u007f\u0085\u2028\u2029\u202e\u200b\ue000"));
        assertEquals("\"\\u{d800}x\"", ChatLog.escape("\ud800x"), "a lone surrogate, should one ever get here");
    }

    @Test
    void longLinesAreCut() {
        String escaped = ChatLog.escape("y".repeat(ChatLog.MAX_CODE_POINTS + 7));
        assertTrue(escaped.endsWith("y\"… (7 more)"), escaped);
        assertEquals(ChatLog.MAX_CODE_POINTS + 2 + " (7 more)".length() + 1, escaped.length());
    }
}
