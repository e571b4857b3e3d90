package io.rapport.k8s;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.google.gson.Gson;
import io.kubernetes.client.util.ModelMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * Rendered Kubernetes objects and what is wrong with them: each object read strictly by the Kubernetes API model of
 * its kind (unknown fields, missing required fields and wrong types are problems), then the wiring between them.
 */
final class Manifests {

    private static final Gson GSON = new Gson();

    private final List<Map<String, Object>> objects;

    Manifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** {@code kubectl kustomize dir}, or empty when kubectl is not installed. */
    static Optional<Manifests> render(Path dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + output);
        }
        return Optional.of(parse(output));
    }

    @SuppressWarnings("unchecked")
    static Manifests parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return new Manifests(objects);
    }

    static boolean kubectlInstalled() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    List<Map<String, Object>> objects() {
        return objects;
    }

    /** Every problem found, as "Kind/name: what". */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            strictlyValid(object).ifPresent(problems::add);
        }
        for (Map<String, Object> object : objects) {
            Map<String, Object> pod = podTemplate(object);
            if (pod != null) {
                workload(object, pod, problems);
            }
            switch (kind(object)) {
                case "Service" -> service(object, problems);
                case "HorizontalPodAutoscaler" -> scaleTarget(object, problems);
                case "PodDisruptionBudget" -> selects(object, map(map(object, "spec"), "selector", "matchLabels"),
                        problems);
                case "NetworkPolicy" -> {
                    Map<String, Object> labels = map(map(object, "spec"), "podSelector", "matchLabels");
                    if (!labels.isEmpty()) {
                        selects(object, labels, problems);
                    }
                }
                default -> { }
            }
        }
        return problems;
    }

    private Optional<String> strictlyValid(Map<String, Object> object) {
        Class<?> type = ModelMapper.getApiTypeClass(String.valueOf(object.get("apiVersion")), kind(object));
        if (type == null) {
            return Optional.of(id(object) + ": no Kubernetes model for " + object.get("apiVersion") + " " + kind(object));
        }
        try {
            type.getMethod("fromJson", String.class).invoke(null, GSON.toJson(object));
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(id(object) + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no fromJson", e);
        }
    }

    private void workload(Map<String, Object> object, Map<String, Object> pod, List<String> problems) {
        Map<String, Object> selector = map(map(object, "spec"), "selector", "matchLabels");
        Map<String, Object> labels = map(map(pod, "metadata"), "labels");
        boolean generatedSelector = kind(object).equals("Job") || kind(object).equals("CronJob");
        if (!generatedSelector && (selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet()))) {
            problems.add(id(object) + ": selector " + selector + " does not match the pod labels " + labels);
        }
        Map<String, Object> podSpec = map(pod, "spec");
        boolean podNonRoot = Boolean.TRUE.equals(map(podSpec, "securityContext").get("runAsNonRoot"));
        List<Map<String, Object>> containers = new ArrayList<>(list(podSpec, "containers"));
        containers.addAll(list(podSpec, "initContainers"));
        for (Map<String, Object> container : containers) {
            String at = id(object) + " container " + container.get("name");
            Map<String, Object> security = map(container, "securityContext");
            if (!podNonRoot && !Boolean.TRUE.equals(security.get("runAsNonRoot"))) {
                problems.add(at + ": may run as root");
            }
            if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                problems.add(at + ": root file system is writable");
            }
            if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                problems.add(at + ": privilege escalation is allowed");
            }
            if (!values(map(security, "capabilities"), "drop").contains("ALL")) {
                problems.add(at + ": capabilities are not all dropped");
            }
            String image = String.valueOf(container.get("image"));
            String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                    ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest")) {
                problems.add(at + ": image " + image + " is not pinned to a tag or digest");
            }
            if (map(map(container, "resources"), "limits").get("memory") == null) {
                problems.add(at + ": no memory limit");
            }
            references(object, container, problems);
        }
        for (Map<String, Object> container : list(podSpec, "containers")) {
            if (!"Job".equals(kind(object)) && (container.get("readinessProbe") == null
                    || container.get("livenessProbe") == null)) {
                problems.add(id(object) + " container " + container.get("name") + ": needs readiness and liveness probes");
            }
        }
        for (Map<String, Object> volume : list(podSpec, "volumes")) {
            Map<String, Object> secret = map(volume, "secret");
            if (!secret.isEmpty()) {
                requireKeys(object, "Secret", String.valueOf(secret.get("secretName")),
                        list(secret, "items").stream().map(item -> String.valueOf(item.get("key"))).toList(),
                        problems);
            }
            Map<String, Object> configMap = map(volume, "configMap");
            if (!configMap.isEmpty()) {
                requireKeys(object, "ConfigMap", String.valueOf(configMap.get("name")), List.of(), problems);
            }
        }
        String serviceAccount = (String) podSpec.get("serviceAccountName");
        if (serviceAccount != null && find("ServiceAccount", serviceAccount) == null) {
            problems.add(id(object) + ": no ServiceAccount " + serviceAccount);
        }
    }

    private void references(Map<String, Object> object, Map<String, Object> container, List<String> problems) {
        for (Map<String, Object> from : list(container, "envFrom")) {
            Map<String, Object> secret = map(from, "secretRef");
            if (!secret.isEmpty()) {
                requireKeys(object, "Secret", String.valueOf(secret.get("name")), List.of(), problems);
            }
            Map<String, Object> configMap = map(from, "configMapRef");
            if (!configMap.isEmpty()) {
                requireKeys(object, "ConfigMap", String.valueOf(configMap.get("name")), List.of(), problems);
            }
        }
        for (Map<String, Object> env : list(container, "env")) {
            for (String kind : List.of("Secret", "ConfigMap")) {
                Map<String, Object> ref = map(map(env, "valueFrom"), kind.equals("Secret") ? "secretKeyRef"
                        : "configMapKeyRef");
                if (!ref.isEmpty() && !Boolean.TRUE.equals(ref.get("optional"))) {
                    requireKeys(object, kind, String.valueOf(ref.get("name")), List.of(String.valueOf(ref.get("key"))),
                            problems);
                } else if (!ref.isEmpty() && find(kind, String.valueOf(ref.get("name"))) == null) {
                    problems.add(id(object) + ": no " + kind + " " + ref.get("name"));
                }
            }
        }
    }

    private void requireKeys(Map<String, Object> object, String kind, String name, List<String> keys,
                             List<String> problems) {
        Map<String, Object> target = find(kind, name);
        if (target == null) {
            problems.add(id(object) + ": no " + kind + " " + name);
            return;
        }
        Map<String, Object> data = new java.util.HashMap<>(map(target, "data"));
        data.putAll(map(target, "stringData"));
        for (String key : keys) {
            if (!data.containsKey(key)) {
                problems.add(id(object) + ": " + kind + " " + name + " has no key " + key);
            }
        }
    }

    private void service(Map<String, Object> service, List<String> problems) {
        Map<String, Object> selector = map(map(service, "spec"), "selector");
        if (selector.isEmpty()) {
            return;
        }
        List<Map<String, Object>> pods = selects(service, selector, problems);
        for (Map<String, Object> port : list(map(service, "spec"), "ports")) {
            Object target = port.getOrDefault("targetPort", port.get("port"));
            boolean found = pods.stream().flatMap(pod -> list(map(pod, "spec"), "containers").stream())
                    .flatMap(container -> list(container, "ports").stream())
                    .anyMatch(declared -> target.equals(declared.get("name"))
                            || target.equals(declared.get("containerPort")));
            if (!found) {
                problems.add(id(service) + ": port " + port.get("name") + " targets " + target
                        + ", which no selected container declares");
            }
        }
    }

    /** The pod templates the labels select; a problem when there are none. */
    private List<Map<String, Object>> selects(Map<String, Object> object, Map<String, Object> labels,
                                              List<String> problems) {
        List<Map<String, Object>> pods = objects.stream().map(Manifests::podTemplate).filter(Objects::nonNull)
                .filter(pod -> map(map(pod, "metadata"), "labels").entrySet().containsAll(labels.entrySet()))
                .toList();
        if (pods.isEmpty()) {
            problems.add(id(object) + ": selector " + labels + " selects no pods");
        }
        return pods;
    }

    private void scaleTarget(Map<String, Object> autoscaler, List<String> problems) {
        Map<String, Object> target = map(map(autoscaler, "spec"), "scaleTargetRef");
        if (find(String.valueOf(target.get("kind")), String.valueOf(target.get("name"))) == null) {
            problems.add(id(autoscaler) + ": scales " + target.get("kind") + " " + target.get("name")
                    + ", which does not exist");
        }
    }

    Map<String, Object> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(kind(o)) && name.equals(map(o, "metadata").get("name")))
                .findFirst().orElse(null);
    }

    /** A Secret's value, decoded. */
    String secretValue(String name, String key) {
        return new String(Base64.getDecoder().decode(String.valueOf(map(find("Secret", name), "data").get(key))),
                StandardCharsets.UTF_8);
    }

    private static Map<String, Object> podTemplate(Map<String, Object> object) {
        Map<String, Object> spec = map(object, "spec");
        if ("CronJob".equals(kind(object))) {
            spec = map(map(spec, "jobTemplate"), "spec");
        }
        Map<String, Object> template = map(spec, "template");
        return template.isEmpty() ? null : template;
    }

    static String kind(Map<String, Object> object) {
        return String.valueOf(object.get("kind"));
    }

    static String id(Map<String, Object> object) {
        return kind(object) + "/" + map(object, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> object, String... path) {
        Map<String, Object> current = object == null ? Map.of() : object;
        for (String step : path) {
            Object next = current.get(step);
            current = next instanceof Map<?, ?> found ? (Map<String, Object>) found : Map.of();
        }
        return current;
    }

    /** A list of objects (containers, ports, volumes...). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> object, String field) {
        Object value = object.get(field);
        return value instanceof List<?> found ? (List<Map<String, Object>>) found : List.of();
    }

    /** A list of plain values. */
    static List<?> values(Map<String, Object> object, String field) {
        Object value = object.get(field);
        return value instanceof List<?> found ? found : List.of();
    }
}
