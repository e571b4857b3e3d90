package io.rapport.platform.bench;

import java.util.Map;
import java.util.StringJoiner;

/** The one JSON line each bench command ends with: its name, then its figures in order. */
public final class BenchLine {

    private BenchLine() {
    }

    /** {@code {"bench":"<name>","figure":value,…}}: numbers and booleans as they are, anything else as a string. */
    public static String of(String bench, Map<String, ?> figures) {
        StringJoiner line = new StringJoiner(",", "{", "}");
        line.add("\"bench\":" + quoted(bench));
        figures.forEach((name, value) -> line.add(quoted(name) + ":"
                + (value instanceof Number || value instanceof Boolean ? value : quoted(String.valueOf(value)))));
        return line.toString();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
