package io.rapport.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

/** Index keys survive being written and read back, and compare as a total order consistent with equality. */
class IndexKeyTypeTest {

    private static final List<KeyValue> KEYS = List.of(
            new KeyValue("customer-1#7"), new KeyValue("é ünïcödé"), new KeyValue(""), new KeyValue(42L),
            new KeyValue(-1L), new KeyValue(7), new KeyValue(2.5), new KeyValue(true), new KeyValue(Instant.EPOCH),
            new KeyValue(Missing.getInstance()), new KeyValue((Object) null),
            new KeyValue(new Document("a", 1).append("b", "x")), new KeyValue("tenant", 3L, Missing.getInstance()));

    @Test
    void keysRoundTripAndOrderConsistently() {
        IndexKeyType type = IndexKeyType.INSTANCE;
        for (KeyValue key : KEYS) {
            WriteBuffer buffer = new WriteBuffer();
            type.write(buffer, key);
            ByteBuffer written = buffer.getBuffer();
            written.flip();
            KeyValue read = type.read(written);
            assertThat(read).as("read back").isEqualTo(key);
            assertThat(type.compare(read, key)).isZero();
        }
        List<KeyValue> sorted = new ArrayList<>(KEYS);
        sorted.sort(type::compare);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = 0; j < sorted.size(); j++) {
                int order = type.compare(sorted.get(i), sorted.get(j));
                assertThat(Integer.signum(order)).as("%s against %s", sorted.get(i), sorted.get(j))
                        .isEqualTo(Integer.signum(Integer.compare(i, j)))
                        .isEqualTo(-Integer.signum(type.compare(sorted.get(j), sorted.get(i))));
            }
        }
    }
}
