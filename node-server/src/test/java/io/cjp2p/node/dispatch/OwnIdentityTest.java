package io.cjp2p.node.dispatch;

import io.cjp2p.codec.RawJson;
import io.cjp2p.node.crypto.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The signed proofs our key announcements carry, kept so that a regular asker costs no signature. */
class OwnIdentityTest {
    private final OwnIdentity own = new OwnIdentity(Ed25519Keys.generate(new SecureRandom()));

    private static RawJson cookie(String name) {
        return RawJson.of("{\"cookie\":\"" + name + "\"}");
    }

    @Test
    void cookiesThatDifferInOneCharacterAreAllKept() {
        // The load generator's sources: with one slot per hash, several of these shared a slot and
        // evicted each other on every request.
        List<RawJson> cookies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            cookies.add(cookie("closedloop-" + i));
        }
        for (int i = 0; i < 46; i++) {
            cookies.add(cookie("seed-" + i));
        }
        List<RenderedElement> proofs = new ArrayList<>();
        for (RawJson c : cookies) {
            assertNull(own.readyProof(c), "nothing is signed before it is asked for");
            proofs.add(own.proof(c));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < cookies.size(); i++) {
                assertSame(proofs.get(i), own.readyProof(cookies.get(i)), cookies.get(i) + " was signed again");
                assertSame(proofs.get(i), own.proof(cookies.get(i)));
            }
        }
    }

    @Test
    void aProofSignsTheCookieItWasAskedFor() {
        RawJson c = cookie("d9f2fe5c");
        String payload = "[{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]";
        assertEquals(RenderedElement.of(own.sign(payload)).toString(), own.proof(c).toString());
    }

    @Test
    void aFullSetGivesUpItsOldestProof() {
        // Cookies that all fall into one set: the first is replaced by the fifth, the others stay.
        List<RawJson> same = new ArrayList<>();
        int target = -1;
        for (int i = 0; same.size() <= OwnIdentity.Proofs.WAYS; i++) {
            RawJson c = cookie("c" + i);
            int set = OwnIdentity.Proofs.set(c.hashCode());
            if (target < 0) {
                target = set;
            }
            if (set == target) {
                same.add(c);
            }
        }
        List<RenderedElement> proofs = new ArrayList<>();
        for (RawJson c : same) {
            proofs.add(own.proof(c));
        }
        assertNull(own.readyProof(same.get(0)), "the oldest went");
        for (int i = 1; i < same.size(); i++) {
            assertSame(proofs.get(i), own.readyProof(same.get(i)));
        }
        RenderedElement again = own.proof(same.get(0));
        assertNotNull(again);
        assertNotSame(proofs.get(0), again);
        assertEquals(proofs.get(0).toString(), again.toString(), "Ed25519 is deterministic: the same proof");
    }
}
