package io.rapport.relationship.query;

import java.util.Arrays;
import java.util.List;

import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Change-feed resume tokens: the store position plus the positions still being waited for ("120" or
 * "120:117,118"), so that resuming never skips an append that was still in flight.
 */
final class ResumeTokens {

    private ResumeTokens() {
    }

    static String write(TrackingToken token) {
        GapAwareTrackingToken gapAware = (GapAwareTrackingToken) token;
        StringBuilder text = new StringBuilder().append(gapAware.getIndex());
        if (!gapAware.getGaps().isEmpty()) {
            text.append(':');
            gapAware.getGaps().forEach(gap -> text.append(gap).append(','));
            text.setLength(text.length() - 1);
        }
        return text.toString();
    }

    static GapAwareTrackingToken read(String text) {
        if (text.isEmpty()) {
            return GapAwareTrackingToken.newInstance(0, List.of());
        }
        try {
            String[] parts = text.split(":", 2);
            List<Long> gaps = parts.length == 1 ? List.of()
                    : Arrays.stream(parts[1].split(",")).map(Long::parseLong).toList();
            return GapAwareTrackingToken.newInstance(Long.parseLong(parts[0]), gaps);
        } catch (NumberFormatException e) {
            throw RequestRejectedException.invalid("resume_token: not a token this service handed out: '" + text + "'");
        }
    }
}
