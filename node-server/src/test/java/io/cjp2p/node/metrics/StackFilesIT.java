package io.cjp2p.node.metrics;

import io.cjp2p.node.support.ExternalTools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's stack files, checked by the real tools (no Docker engine runs here): the compose
 * file by Debian's docker-compose, the Prometheus config by promtool, and the wiring between them.
 */
class StackFilesIT {
    private final Path root = ExternalTools.repositoryRoot();

    @Test
    void composeFileIsValidAndRunsTheWholeStack() throws Exception {
        Path compose = ExternalTools.require("docker-compose", "docker-compose");
        ExternalTools.Result check = ExternalTools.run(
                List.of(compose.toString(), "-f", "docker-compose.yml", "config", "-q"), root, null, 60);
        assertEquals(0, check.exitCode(), "docker-compose config:\n" + check.output());
        ExternalTools.Result services = ExternalTools.run(
                List.of(compose.toString(), "-f", "docker-compose.yml", "config", "--services"), root, null, 60);
        assertEquals(0, services.exitCode(), services.output());
        assertEquals(Set.of("node", "prometheus", "grafana"),
                new TreeSet<>(Arrays.asList(services.output().trim().split("\\s+"))));
        ExternalTools.Result resolved = ExternalTools.run(
                List.of(compose.toString(), "-f", "docker-compose.yml", "config"), root, null, 60);
        String text = resolved.output();
        assertTrue(text.contains("24254:24254/udp") || text.contains("published: 24254"), "UDP 24254 published:\n" + text);
        assertTrue(text.contains("--http-bind") && text.contains("0.0.0.0"), "node listens for Prometheus:\n" + text);
        // The node's identity and peers live in a named volume at the state directory it is given.
        assertTrue(text.contains("node-state:/var/lib/cjp2p"), "state volume mounted:\n" + text);
        assertTrue(text.matches("(?s).*- --state-dir\\s+- /var/lib/cjp2p\\s.*"), "--state-dir /var/lib/cjp2p:\n" + text);
        ExternalTools.Result volumes = ExternalTools.run(
                List.of(compose.toString(), "-f", "docker-compose.yml", "config", "--volumes"), root, null, 60);
        assertEquals(Set.of("node-state", "prometheus-data", "grafana-data"),
                new TreeSet<>(Arrays.asList(volumes.output().trim().split("\\s+"))));
        // Grafana finds the dashboards where the provider (deploy/grafana/provisioning) looks for them.
        assertTrue(text.contains(root.resolve("deploy/grafana/dashboards") + ":/etc/grafana/dashboards:ro"), text);
        // Every file the stack mounts is in the repository.
        for (String mounted : List.of("deploy/prometheus/prometheus.yml", "deploy/grafana/provisioning",
                "deploy/grafana/dashboards")) {
            assertTrue(text.contains(root.resolve(mounted).toString()), mounted + " mounted");
            assertTrue(Files.exists(root.resolve(mounted)), mounted + " exists");
        }
    }

    @Test
    void prometheusConfigIsValidAndScrapesTheNode() throws Exception {
        Path promtool = ExternalTools.require("promtool", "prometheus");
        ExternalTools.Result r = ExternalTools.run(
                List.of(promtool.toString(), "check", "config", "deploy/prometheus/prometheus.yml"), root, null, 60);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(Files.readString(root.resolve("deploy/prometheus/prometheus.yml")).contains("node:24255"));
    }

    @Test
    void grafanaIsProvisionedWithTheDatasourceTheDashboardUses() throws Exception {
        String datasource = Files.readString(root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"));
        assertTrue(datasource.contains("uid: prometheus") && datasource.contains("url: http://prometheus:9090"));
        String provider = Files.readString(root.resolve("deploy/grafana/provisioning/dashboards/cjp2p.yml"));
        assertTrue(provider.contains("path: /etc/grafana/dashboards"));
        String dashboard = Files.readString(root.resolve("deploy/grafana/dashboards/cjp2p-node.json"));
        assertTrue(dashboard.contains("\"uid\": \"prometheus\""));
        assertFalse(dashboard.contains("${DS_"), "no import-time datasource placeholders");
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("USER cjp2p") && dockerfile.contains("EXPOSE 24254/udp"));
        assertEquals(2, dockerfile.lines().filter(l -> l.startsWith("FROM ")).count(), "multi-stage");
        assertTrue(dockerfile.contains("install -d -o cjp2p -g cjp2p -m 0700 /var/lib/cjp2p")
                && dockerfile.contains("VOLUME /var/lib/cjp2p")
                && dockerfile.contains("CMD [\"--state-dir\", \"/var/lib/cjp2p\""), "the image's state directory");
    }
}
