package io.rapport.platform.mongo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The keys of a unique index. H2's default type knows nothing of them and compares two keys by serializing both
 * with Java serialization, on every step of every lookup; here values of one class compare by their natural order
 * and anything else by its BSON bytes. Two keys are equal exactly when they hold values of the same classes that
 * are equal, as under the default type.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    private static final byte MISSING = 0;
    /** Any other value, as the BSON document {@code {v: value}}. */
    private static final byte PRESENT = 1;
    // The values most keys hold (ids, positions), written without BSON: every commit rewrites whole index pages.
    private static final byte STRING = 2;
    private static final byte LONG = 3;
    private static final byte INT = 4;
    private static final String VALUE = "v";

    private IndexKeyType() {
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int order = compareValues(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0 || a == null || a instanceof Missing) {
            return rank;
        }
        if (a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        if (a instanceof Comparable comparable) {
            return comparable.compareTo(b);
        }
        return Arrays.compareUnsigned(encode(a), encode(b));
    }

    private static int rank(Object value) {
        return value instanceof Missing ? 0 : value == null ? 1 : 2;
    }

    @Override
    public int getMemory(KeyValue key) {
        int size = 32;
        for (Object value : key) {
            size += 8 + DocumentType.estimate(value);
        }
        return size;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        buffer.putVarInt(key.size());
        for (Object value : key) {
            if (value instanceof Missing) {
                buffer.put(MISSING);
            } else if (value instanceof String string) {
                byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
                buffer.put(STRING).putVarInt(utf8.length).put(utf8);
            } else if (value instanceof Long number) {
                buffer.put(LONG).putLong(number);
            } else if (value instanceof Integer number) {
                buffer.put(INT).putInt(number);
            } else {
                byte[] bson = encode(value);
                buffer.put(PRESENT).putVarInt(bson.length).put(bson);
            }
        }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte tag = buffer.get();
            switch (tag) {
                case MISSING -> values.add(Missing.getInstance());
                case STRING -> {
                    byte[] utf8 = new byte[DataUtils.readVarInt(buffer)];
                    buffer.get(utf8);
                    values.add(new String(utf8, StandardCharsets.UTF_8));
                }
                case LONG -> values.add(buffer.getLong());
                case INT -> values.add(buffer.getInt());
                case PRESENT -> {
                    byte[] bson = new byte[DataUtils.readVarInt(buffer)];
                    buffer.get(bson);
                    values.add(BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson)).get(VALUE));
                }
                default -> throw new IllegalStateException("unknown index key tag " + tag);
            }
        }
        return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }

    private static byte[] encode(Object value) {
        return DocumentType.encode(new Document(VALUE, value));
    }
}
