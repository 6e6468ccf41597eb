package io.cjp2p.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's CPU list notation, as taskset -c takes it and /proc prints it. */
class CpuListTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1; 1; 1",
            "0,2; 0,2; 0,2",
            "2-3; 2,3; 2-3",
            "0-1,4; 0,1,4; 0-1,4",
            "4,0-1; 0,1,4; 0-1,4",
            " 3,3,2-3 ; 2,3; 2-3",
            "1023; 1023; 1023"})
    void parsesTheKernelsNotationAndPrintsItBack(String text, String cpus, String printed) {
        CpuList list = CpuList.parse(text);
        List<Integer> expected = Arrays.stream(cpus.split(",")).map(Integer::valueOf).toList();
        assertEquals(expected, list.cpus());
        assertEquals(printed, list.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "1,", ",1", "1,,2", "-1", "1-", "3-1", "1024", "0-1024", "99999",
            "1.5", "+1", "0x1", "１"})
    void refusesWhatIsNotACpuListWithAMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuList.parse(text));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void printingAndParsingAgreeOnRandomSets() {
        Random r = new Random(11);
        for (int n = 0; n < 500; n++) {
            TreeSet<Integer> set = new TreeSet<>();
            int size = 1 + r.nextInt(20);
            while (set.size() < size) {
                set.add(r.nextInt(r.nextBoolean() ? 16 : CpuList.MAX_CPUS));
            }
            CpuList list = new CpuList(List.copyOf(set));
            assertEquals(list, CpuList.parse(list.toString()), list.toString());
        }
    }

    @Test
    void loopsTakeTheCpusRoundRobin() {
        CpuList list = CpuList.parse("2,5");
        assertEquals(List.of(2, 5, 2, 5), List.of(list.forLoop(0), list.forLoop(1), list.forLoop(2), list.forLoop(3)));
    }

    @Test
    void withinComparesSets() {
        CpuList allowed = CpuList.parse("0-3");
        assertTrue(CpuList.parse("1,3").isWithin(allowed));
        assertFalse(CpuList.parse("3-4").isWithin(allowed));
        assertTrue(CpuList.NONE.isWithin(allowed));
    }

    @Test
    void theRecordKeepsItsInvariant() {
        assertThrows(IllegalArgumentException.class, () -> new CpuList(List.of(2, 1)));
        assertThrows(IllegalArgumentException.class, () -> new CpuList(List.of(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new CpuList(List.of(-1)));
    }
}
