package io.rapport.campaign.api;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * What counts as a conversion: an interaction of a kind (a relationship interaction kind such as {@code PURCHASE})
 * within a time of the send.
 */
public record Goal(String kind, @JsonFormat(shape = JsonFormat.Shape.STRING) Duration within) {

    public static final Goal DEFAULT = new Goal("PURCHASE", Duration.ofDays(7));
    /** The longest window a goal may have. */
    public static final Duration LONGEST_WITHIN = Duration.ofDays(90);
    /** How long after a campaign ends or a journey stops its outcomes may still change: the longest window and a day. */
    public static final Duration LONGEST_OPEN = LONGEST_WITHIN.plus(Duration.ofDays(1));
}
