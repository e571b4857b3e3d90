package io.rapport.campaign.delivery;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import io.rapport.proto.relationship.v1.Relationship;

/** When a person's best hour (in their zone) comes. */
public final class SendTimes {

    private SendTimes() {
    }

    /**
     * The first moment within [start, end) that falls in the person's best hour: its start, or the window's start
     * when the window opens during it. The window's start for someone without a best hour or whose best hour the
     * window does not hold.
     */
    public static Instant bestHourWithin(Relationship view, Instant start, Instant end) {
        if (view == null || !view.hasBestSendHour()) {
            return start;
        }
        ZoneId zone = zone(view);
        LocalDate day = start.atZone(zone).toLocalDate().minusDays(1);
        while (true) {
            ZonedDateTime hour = day.atTime(view.getBestSendHour(), 0).atZone(zone);
            Instant from = hour.toInstant();
            Instant until = hour.plusHours(1).toInstant();
            if (!from.isBefore(end)) {
                return start;
            }
            if (until.isAfter(start)) {
                return from.isBefore(start) ? start : from;
            }
            day = day.plusDays(1);
        }
    }

    /** Now when the person's best hour is on, else when it next starts; now without a best hour. */
    public static Instant nextBestHour(Relationship view, Instant now) {
        return bestHourWithin(view, now, now.plus(Duration.ofHours(25)));
    }

    private static ZoneId zone(Relationship view) {
        try {
            return view.getTimeZone().isEmpty() ? ZoneOffset.UTC : ZoneId.of(view.getTimeZone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
