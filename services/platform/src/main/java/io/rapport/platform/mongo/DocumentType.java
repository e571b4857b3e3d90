package io.rapport.platform.mongo;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Stored documents as BSON, the form they came over the wire in. H2's default type writes them with Java
 * serialization: several times the bytes, and most of the file backend's CPU under load.
 */
final class DocumentType extends BasicDataType<Document> {

    static final DocumentType INSTANCE = new DocumentType();

    private DocumentType() {
    }

    @Override
    public int getMemory(Document document) {
        return estimate(document);
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        byte[] bson = encode(document);
        buffer.putVarInt(bson.length).put(bson);
    }

    @Override
    public Document read(ByteBuffer buffer) {
        byte[] bson = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bson);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    /** Values are only compared when a map is asked to replace one value by another: equal or not, then bytes. */
    @Override
    public int compare(Document a, Document b) {
        return a.equals(b) ? 0 : Arrays.compareUnsigned(encode(a), encode(b));
    }

    static byte[] encode(Map<String, ?> document) {
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    /** A cheap guess of a value's heap size, for the page cache's accounting: no encoding, one walk. */
    static int estimate(Object value) {
        if (value instanceof String string) {
            return 40 + string.length();
        }
        if (value instanceof Map<?, ?> map) {
            int size = 64;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 32 + estimate(entry.getKey()) + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> collection) {
            int size = 32;
            for (Object element : collection) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof byte[] bytes) {
            return 16 + bytes.length;
        }
        return 24;
    }
}
