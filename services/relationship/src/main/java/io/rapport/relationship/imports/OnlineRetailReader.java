package io.rapport.relationship.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;

/**
 * The UCI Online Retail CSV (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID,
 * Country). An invoice's lines become one purchase of their total; a cancellation ("C" invoice) one return.
 * Customer ids lose the ".0" the data set carries; times are the UK shop's local time. Rows without a customer id
 * are skipped and counted.
 */
final class OnlineRetailReader implements RowReader {

    private static final ZoneId SHOP_TIME = ZoneId.of("Europe/London");
    private static final DateTimeFormatter INVOICE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");
    private static final List<String> HEADER = List.of("InvoiceNo", "StockCode", "Description", "Quantity",
            "InvoiceDate", "UnitPrice", "CustomerID", "Country");

    private static final class Invoice {
        final String number;
        final String customerId;
        final LocalDateTime at;
        BigDecimal total = BigDecimal.ZERO;
        int rows;

        Invoice(String number, String customerId, LocalDateTime at) {
            this.number = number;
            this.customerId = customerId;
            this.at = at;
        }
    }

    @Override
    public void checkStart(BufferedReader file) throws IOException {
        checkHeader(new CsvRecords(file).next());
    }

    private static void checkHeader(List<String> header) {
        if (header == null || !header.equals(HEADER)) {
            throw new IllegalArgumentException("not an Online Retail file: expected the header "
                    + String.join(",", HEADER));
        }
    }

    @Override
    public void read(BufferedReader file, Rows rows) throws IOException {
        CsvRecords records = new CsvRecords(file);
        checkHeader(records.next());
        // A file's invoices are gathered first: an invoice's lines need not be next to each other.
        Map<String, Invoice> invoices = new LinkedHashMap<>();
        List<String> row;
        while ((row = records.next()) != null) {
            long line = records.line();
            if (row.size() != HEADER.size()) {
                rows.skipped(line, 1, "expected " + HEADER.size() + " columns");
                continue;
            }
            String customerId = row.get(6).trim();
            if (customerId.isEmpty()) {
                rows.skipped(line, 1, "no customer id");
                continue;
            }
            if (customerId.endsWith(".0")) {
                customerId = customerId.substring(0, customerId.length() - 2);
            }
            String number = row.get(0).trim();
            boolean cancellation = number.startsWith("C");
            BigDecimal quantity;
            BigDecimal price;
            LocalDateTime at;
            try {
                quantity = new BigDecimal(row.get(3).trim());
                price = new BigDecimal(row.get(5).trim());
                at = LocalDateTime.parse(row.get(4).trim(), INVOICE_DATE);
            } catch (NumberFormatException | DateTimeParseException e) {
                rows.skipped(line, 1, "unreadable quantity, price or date");
                continue;
            }
            if (price.signum() < 0) {
                rows.skipped(line, 1, "negative unit price");
                continue;
            }
            if (!cancellation && quantity.signum() < 0) {
                rows.skipped(line, 1, "negative quantity outside a cancellation");
                continue;
            }
            String finalCustomerId = customerId;
            Invoice invoice = invoices.computeIfAbsent(number + "/" + customerId,
                    k -> new Invoice(number, finalCustomerId, at));
            invoice.total = invoice.total.add(quantity.multiply(price));
            invoice.rows++;
        }
        for (Invoice invoice : invoices.values()) {
            boolean cancellation = invoice.number.startsWith("C");
            rows.interaction(invoice.customerId, new Interaction("online-retail:" + invoice.number + ":" + invoice.customerId,
                    Channel.WEB, Direction.INBOUND, cancellation ? InteractionKind.RETURN : InteractionKind.PURCHASE,
                    invoice.at.atZone(SHOP_TIME).toInstant(), invoice.total.abs(), "GBP", null,
                    "invoice " + invoice.number, null, null, List.of(), null), invoice.rows);
        }
    }
}
