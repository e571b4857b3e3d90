package io.rapport.relationship.grpc;

import java.util.ArrayList;
import java.util.List;

import io.rapport.platform.grpc.RequestRejectedException;

/** Collects every validation problem of a request, each with its field path, before refusing it once. */
final class Problems {

    private final List<String> problems;
    private final String prefix;

    Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<String> problems, String prefix) {
        this.problems = problems;
        this.prefix = prefix;
    }

    /** The same collection, with field paths under {@code path}. */
    Problems at(String path) {
        return new Problems(problems, join(prefix, path));
    }

    void add(String field, String problem) {
        problems.add(join(prefix, field) + ": " + problem);
    }

    /** Adds {@code problem} for {@code field} unless it is null (no problem). */
    void addIf(String problem, String field) {
        if (problem != null) {
            add(field, problem);
        }
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 20);
            String more = problems.size() > shown ? " (and " + (problems.size() - shown) + " more)" : "";
            throw RequestRejectedException.invalid(String.join("; ", problems.subList(0, shown)) + more);
        }
    }

    private static String join(String prefix, String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        return field.isEmpty() ? prefix : prefix + (field.startsWith("[") ? "" : ".") + field;
    }
}
