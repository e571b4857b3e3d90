package io.rapport.relationship.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Import files as spreadsheets and systems write them: byte-order marks, UTF-16, stray bytes, broken quoting. */
class ImportTextTest {

    /** Zoë, whose name needs more than ASCII and whose nickname is quoted. */
    private static final String CSV = "id,firstName\r\nzoe,\"Zoë \"\"Z\"\"\"\r\n";

    private static byte[] bytes(byte[] mark, String text, Charset charset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(mark);
        out.write(text.getBytes(charset));
        return out.toByteArray();
    }

    private static List<List<String>> records(byte[] file) throws IOException {
        CsvRecords records = new CsvRecords(ImportText.reader(new ByteArrayInputStream(file), 64));
        List<List<String>> all = new ArrayList<>();
        for (List<String> record = records.next(); record != null; record = records.next()) {
            all.add(record);
        }
        return all;
    }

    @Test
    void aByteOrderMarkSaysTheEncodingAndIsNotPartOfTheFirstColumn() throws IOException {
        List<List<String>> expected = List.of(List.of("id", "firstName"), List.of("zoe", "Zoë \"Z\""));
        assertThat(records(bytes(new byte[0], CSV, StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(records(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, CSV, StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        assertThat(records(bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, CSV, StandardCharsets.UTF_16LE)))
                .isEqualTo(expected);
        assertThat(records(bytes(new byte[] {(byte) 0xFE, (byte) 0xFF}, CSV, StandardCharsets.UTF_16BE)))
                .isEqualTo(expected);
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharactersNotAnError() throws IOException {
        byte[] latin1 = "id,firstName\nzoe,Zo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(records(latin1).get(1)).containsExactly("zoe", "Zo\uFFFD");
    }

    @Test
    void anUnclosedQuoteIsRefusedWithTheLineItStartedOn() throws IOException {
        CsvRecords records = new CsvRecords(new StringReader("a,b\n\"c\nd\",e\nf,\"g\nh\n"));
        assertThat(records.next()).containsExactly("a", "b");
        assertThat(records.next()).containsExactly("c\nd", "e");
        assertThat(records.line()).isEqualTo(2);
        assertThatThrownBy(records::next).isInstanceOf(IOException.class).hasMessageStartingWith("line 4: ");
    }
}
