package io.rapport.relationship.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/**
 * An import file as text: UTF-8 unless a byte-order mark says UTF-16 (what spreadsheets write as "Unicode text");
 * the mark itself is dropped. Bytes that do not decode become replacement characters, not an error.
 */
final class ImportText {

    private ImportText() {
    }

    static BufferedReader reader(InputStream bytes, int bufferSize) throws IOException {
        BOMInputStream marked = BOMInputStream.builder().setInputStream(bytes)
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE).get();
        Charset charset = marked.hasBOM() ? Charset.forName(marked.getBOMCharsetName()) : StandardCharsets.UTF_8;
        return new BufferedReader(new InputStreamReader(marked, charset), bufferSize);
    }
}
