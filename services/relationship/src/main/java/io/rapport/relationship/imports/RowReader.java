package io.rapport.relationship.imports;

import java.io.BufferedReader;
import java.io.IOException;

/** Reads one file of one format into {@link Rows}. */
interface RowReader {

    void read(BufferedReader file, Rows rows) throws IOException;

    /** Refuses a file whose start shows it cannot be read, before any job runs; IllegalArgumentException says why. */
    default void checkStart(BufferedReader file) throws IOException {
    }
}
