package io.rapport.relationship.imports;

import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.Interaction;

/** Where a format's reader puts what it made of the rows of a file. */
interface Rows {

    /** {@code rows} rows of the file became this interaction of this customer. */
    void interaction(String customerId, Interaction interaction, int rows);

    /** The row at {@code line} of a customer file is this customer, checked. */
    void customer(CustomerUpsert customer, long line);

    /** {@code rows} rows starting at {@code line} could not be imported, for {@code reason}. */
    void skipped(long line, int rows, String reason);
}
