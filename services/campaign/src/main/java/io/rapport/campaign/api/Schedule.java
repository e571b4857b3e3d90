package io.rapport.campaign.api;

import java.time.Instant;

/**
 * When a campaign sends: at once, at a time, or at each person's best hour within a window.
 *
 * @param sendAt    the time (AT) or the window's start (BEST_HOUR); null for NOW
 * @param windowEnd the window's end (BEST_HOUR)
 */
public record Schedule(Kind kind, Instant sendAt, Instant windowEnd) {

    public enum Kind { NOW, AT, BEST_HOUR }
}
