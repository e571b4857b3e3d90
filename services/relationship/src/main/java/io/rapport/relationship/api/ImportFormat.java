package io.rapport.relationship.api;

import java.util.Arrays;
import java.util.Locale;

/** The file formats a bulk import reads; {@link #wireName()} is how clients name them. */
public enum ImportFormat {
    /** CDNOW purchase logs: customer id, [customer index,] date YYYYMMDD, number of CDs, dollar value. */
    CDNOW,
    /** UCI Online Retail CSV: one row per invoice line; invoices become purchases, "C" invoices returns. */
    ONLINE_RETAIL,
    /** Any CSV with a header row and a column mapping. */
    CSV,
    /** One JSON interaction per line. */
    NDJSON,
    /** A customer file: CSV, one customer (profile, identifiers, attributes, consents) per row. */
    CUSTOMERS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ImportFormat fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("format must be one of cdnow, online-retail, csv, "
                        + "ndjson, customers (got '" + InteractionRules.abbreviate(String.valueOf(name)) + "')"));
    }
}
