package io.rapport.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

/** The memory backend keeps one copy of each field name, however many stored documents carry it. */
class KeyedMemoryBackendTest {

    @Test
    void storedDocumentsShareTheirFieldNamesNestedOnesToo() {
        Document first = KeyedMemoryBackend.withSharedNames(document());
        Document second = KeyedMemoryBackend.withSharedNames(document());

        assertThat(second).isEqualTo(document()).isEqualTo(first);
        assertThat(nameOf(second, 1)).isSameAs(nameOf(first, 1));
        Document nested = (Document) ((List<?>) second.get(new String("recent"))).get(0);
        Document nestedBefore = (Document) ((List<?>) first.get("recent")).get(0);
        assertThat(nested.keySet().iterator().next()).isSameAs(nestedBefore.keySet().iterator().next());
    }

    /** A document as read off the wire: every name a string of its own. */
    private static Document document() {
        return new Document(new String("_id"), "acme/ann").append(new String("payload"), "{}")
                .append(new String("recent"), List.of(new Document(new String("kind"), "PURCHASE")));
    }

    private static String nameOf(Document document, int index) {
        return document.keySet().stream().skip(index).findFirst().orElseThrow();
    }
}
