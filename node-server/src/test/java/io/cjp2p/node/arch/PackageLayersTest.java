package io.cjp2p.node.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's packages form layers, in the order a datagram meets them: a package may use the
 * packages below it and never one above, so there are no cycles. A new package must be placed here.
 */
class PackageLayersTest {
    /** Lowest first. */
    static final List<String> LAYERS = List.of(
            "config", "crypto", "identity", "udp", "peer", "state", "pipeline", "limit", "cookie", "reply",
            "content", "download", "dispatch", "maintenance", "metrics", "http", "runtime", "cli");

    private static final String ROOT = "io.cjp2p.node";

    /**
     * The node's main classes, read from where {@link Node} was loaded (target/classes, or the jar):
     * importing by package name would open every jar on the class path to look for the package.
     */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(location -> location.contains("/io/cjp2p/node/"))
            .importUrl(codeSource(Node.class));

    private static URL codeSource(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    /** The layer of a package of the node, e.g. "peer" for io.cjp2p.node.peer; null outside the node. */
    static String layerOf(String packageName) {
        if (!packageName.startsWith(ROOT + ".")) {
            return packageName.equals(ROOT) ? "" : null;
        }
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void everyPackageHasALayer() {
        TreeSet<String> unplaced = new TreeSet<>();
        for (JavaClass c : MAIN) {
            if (!LAYERS.contains(layerOf(c.getPackageName()))) {
                unplaced.add(c.getPackageName());
            }
        }
        assertEquals(new TreeSet<>(), unplaced, "packages missing from LAYERS");
        assertTrue(MAIN.size() > 50, "the importer found the node's classes: " + MAIN.size());
    }

    @Test
    void packagesDependOnlyDownward() {
        assertEquals(List.of(), upward(MAIN), "upward dependencies");
    }

    @Test
    void theRuleReportsAnUpwardDependency() {
        // Test code may reach up (a peer test starts a whole node), so it shows the rule can fail.
        JavaClasses peerTests = new ClassFileImporter()
                .withImportOption(location -> location.contains("/io/cjp2p/node/peer/"))
                .importUrl(codeSource(PackageLayersTest.class));
        assertTrue(upward(peerTests).contains("GossipVictimIT -> " + ROOT + ".runtime.Node"), upward(peerTests).toString());
    }

    /** Every "Class -> target" where a class uses a node class of a higher layer. */
    static List<String> upward(JavaClasses classes) {
        List<String> upward = new ArrayList<>();
        for (JavaClass c : classes) {
            int from = LAYERS.indexOf(layerOf(c.getPackageName()));
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = layerOf(d.getTargetClass().getPackageName());
                if (target != null && LAYERS.indexOf(target) > from) {
                    upward.add(c.getSimpleName() + " -> " + d.getTargetClass().getName());
                }
            }
        }
        return upward.stream().distinct().sorted().toList();
    }
}
