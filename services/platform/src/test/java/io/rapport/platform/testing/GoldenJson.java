package io.rapport.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.platform.store.EventSerialization;
import org.axonframework.serialization.Revision;

/**
 * Stored events are forever: an event's JSON must stay what its golden file ({@code /golden/<Event>-<revision>.json}
 * in the test resources) says, and the file must still read as the event.
 */
public final class GoldenJson {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    /** Numbers are equal by value: a golden 1000 read back is an int, a long field writes a long. */
    private static final java.util.Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private GoldenJson() {
    }

    public static void assertGolden(Object event, String file) {
        assertThat(file).contains("-" + event.getClass().getAnnotation(Revision.class).value() + ".json");
        JsonNode golden = read(file);
        JsonNode written = JSON.valueToTree(event);
        assertThat(written.equals(SAME_NUMBER, golden)).as("%s%n is written as%n%s", golden, written).isTrue();
        try {
            assertThat((Object) JSON.treeToValue(golden, event.getClass())).isEqualTo(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A golden file's JSON, e.g. to store an old revision and read it back through the upcasters. */
    public static JsonNode read(String file) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("golden/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + file);
            }
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
