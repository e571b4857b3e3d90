package io.rapport.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay renders with {@code kubectl kustomize}, every object in it is valid for its Kubernetes kind, and the
 * objects fit together (selectors, ports, Secrets, ConfigMaps, service accounts, scale targets), with the security
 * and probe settings the deployment promises. Skipped, and said so, where kubectl is not installed.
 */
class ManifestsTest {

    private static final Path K8S = Path.of("").toAbsolutePath();

    private static Manifests rendered(String overlay) throws Exception {
        assumeTrue(Manifests.kubectlInstalled(), "kubectl is not installed: the overlays are not rendered or checked");
        return Manifests.render(K8S.resolve(overlay)).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyOverlayRendersIntoValidObjectsThatFitTogether(String overlay) throws Exception {
        Manifests manifests = rendered(overlay);
        assertThat(manifests.problems()).isEmpty();
        for (String app : List.of("gateway", "relationship", "campaign", "messaging")) {
            assertThat(manifests.find("Deployment", app)).as(app).isNotNull();
            assertThat(manifests.find("ServiceAccount", app)).as(app).isNotNull();
            assertThat(manifests.find("Service", app)).as(app).isNotNull();
            // Every process shows the others the same internal credential: from the one Secret, never made up.
            Map<String, Object> container = Manifests.list(Manifests.map(manifests.find("Deployment", app), "spec",
                    "template", "spec"), "containers").get(0);
            assertThat(Manifests.list(container, "env")).as(app).anySatisfy(env -> {
                assertThat(env.get("name")).isEqualTo("RAPPORT_INTERNAL_TOKEN");
                assertThat(Manifests.map(env, "valueFrom", "secretKeyRef")).containsEntry("key", "internal-token")
                        .containsEntry("optional", false);
            });
        }
        for (String service : List.of("relationship", "campaign", "messaging")) {
            List<Map<String, Object>> ports = Manifests.list(Manifests.map(manifests.find("Service", service), "spec"),
                    "ports");
            assertThat(ports).anyMatch(port -> "grpc".equals(port.get("name")));
        }
    }

    @Test
    void productionRunsMongoDbAsAReplicaSetBehindNetworkPoliciesWithMonitoringAndExampleCredentialsOnly() throws Exception {
        Manifests prod = rendered("overlays/prod");
        Map<String, Object> mongodb = prod.find("StatefulSet", "mongodb");
        assertThat(Manifests.map(mongodb, "spec").get("replicas")).isEqualTo(3);
        assertThat(Manifests.list(Manifests.map(mongodb, "spec"), "volumeClaimTemplates")).hasSize(1);
        assertThat(prod.find("Job", "mongodb-init")).isNotNull();
        assertThat(prod.find("NetworkPolicy", "default-deny-ingress")).isNotNull();
        assertThat(prod.find("Deployment", "prometheus")).isNotNull();
        assertThat(Manifests.map(prod.find("ConfigMap", "prometheus-config"), "data").get("prometheus.yml"))
                .asString().contains("prometheus_io_scrape");
        assertThat(Manifests.map(prod.find("Deployment", "gateway"), "spec", "template", "metadata", "annotations"))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
        assertThat(prod.objects()).filteredOn(o -> Manifests.kind(o).equals("HorizontalPodAutoscaler")).hasSize(3);
        assertThat(prod.objects()).filteredOn(o -> Manifests.kind(o).equals("PodDisruptionBudget")).hasSize(5);
        String secret = prod.objects().stream().filter(o -> Manifests.kind(o).equals("Secret"))
                .map(o -> String.valueOf(Manifests.map(o, "metadata").get("name")))
                .filter(name -> name.startsWith("rapport-credentials")).findFirst().orElseThrow();
        assertThat(prod.secretValue(secret, "signing-key")).isEqualTo("REPLACE_ME");
        assertThat(prod.secretValue(secret, "bootstrap-api-key")).isEqualTo("REPLACE_ME");
        assertThat(prod.secretValue(secret, "internal-token")).isEqualTo("REPLACE_ME");
    }

    @Test
    void theChecksFindWhatIsWrong() {
        Manifests broken = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  replicas: "two"
                  selector:
                    matchLabels:
                      app: api
                  template:
                    metadata:
                      labels:
                        app: other
                    spec:
                      serviceAccountName: nobody
                      containers:
                        - name: api
                          image: example/api:latest
                          colour: blue
                          ports:
                            - name: http
                              containerPort: 8080
                          env:
                            - name: KEY
                              valueFrom:
                                secretKeyRef:
                                  name: missing
                                  key: key
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector:
                    app: other
                  ports:
                    - name: grpc
                      port: 9090
                      targetPort: grpc
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata:
                  name: api
                spec:
                  minAvailable: 1
                  selector:
                    matchLabels:
                      app: nothing
                """);
        assertThat(String.join("\n", broken.problems())).contains(
                "Deployment/api: The field `colour` in the JSON string is not defined",
                "Deployment/api: selector {app=api} does not match the pod labels {app=other}",
                "may run as root", "root file system is writable", "capabilities are not all dropped",
                "image example/api:latest is not pinned", "no memory limit", "needs readiness and liveness probes",
                "Deployment/api: no Secret missing", "Deployment/api: no ServiceAccount nobody",
                "Service/api: port grpc targets grpc, which no selected container declares",
                "PodDisruptionBudget/api: selector {app=nothing} selects no pods");
    }
}
