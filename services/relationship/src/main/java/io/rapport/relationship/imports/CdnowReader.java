package io.rapport.relationship.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;

/**
 * CDNOW purchase logs, whitespace-separated: customer id, [customer index,] date YYYYMMDD, number of CDs, dollar
 * value. The customer id is kept as written ({@code 00004}); a purchase happened at midnight UTC of its day.
 */
final class CdnowReader implements RowReader {

    @Override
    public void read(BufferedReader file, Rows rows) throws IOException {
        EventIds ids = new EventIds("cdnow");
        long lineNumber = 0;
        String line;
        while ((line = file.readLine()) != null) {
            lineNumber++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || lineNumber == 1 && trimmed.startsWith("customer")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length != 4 && fields.length != 5) {
                rows.skipped(lineNumber, 1, "expected 4 or 5 columns");
                continue;
            }
            int offset = fields.length - 4;
            LocalDate day;
            BigDecimal value;
            try {
                day = LocalDate.parse(fields[1 + offset], DateTimeFormatter.BASIC_ISO_DATE);
                value = new BigDecimal(fields[3 + offset]);
            } catch (DateTimeParseException | NumberFormatException e) {
                rows.skipped(lineNumber, 1, "unreadable date or value");
                continue;
            }
            if (value.signum() < 0) {
                rows.skipped(lineNumber, 1, "negative value");
                continue;
            }
            String customerId = fields[0];
            rows.interaction(customerId, new Interaction(ids.next(customerId + ":" + fields[1 + offset]), Channel.WEB,
                    Direction.INBOUND, InteractionKind.PURCHASE, day.atStartOfDay(ZoneOffset.UTC).toInstant(), value,
                    "USD", null, fields[2 + offset] + " CDs", null, null, List.of(), null), 1);
        }
    }
}
