package io.rapport.relationship.imports;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 CSV read with Apache Commons CSV, record by record: quoted fields may hold commas, doubled quotes and
 * line breaks; an empty line is a record of one empty field. Knows the line each record started on.
 */
final class CsvRecords {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long linesBefore;
    private long recordLine;

    CsvRecords(Reader in) throws IOException {
        this.parser = CSVParser.parse(in, FORMAT);
        this.records = parser.iterator();
    }

    /** The line the last record returned started on. */
    long line() {
        return recordLine;
    }

    /** The next record, or null at the end. */
    List<String> next() throws IOException {
        recordLine = linesBefore + 1;
        CSVRecord record;
        try {
            record = records.next();
        } catch (NoSuchElementException end) {
            return null;
        } catch (UncheckedIOException malformed) {
            throw new IOException("line " + recordLine + ": " + malformed.getCause().getMessage(), malformed.getCause());
        }
        linesBefore = parser.getCurrentLineNumber();
        return record.toList();
    }
}
