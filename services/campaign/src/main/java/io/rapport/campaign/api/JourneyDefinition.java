package io.rapport.campaign.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;

/** Who enters a journey, the steps they go through, and the goal that ends their run. */
public record JourneyDefinition(String name, Entry entry, List<Step> steps, Goal goal) {

    public JourneyDefinition {
        steps = List.copyOf(steps);
    }

    /**
     * Entering a segment ({@code segmentId}) or doing something ({@code interactionKind}, a relationship interaction
     * kind such as {@code COMPLAINT}; {@code firstOnly} for the person's first of it).
     *
     * @param reEntry      {@code NEVER} or {@code AFTER_EXIT}
     * @param reEntryAfter with AFTER_EXIT: how long after they last entered they may enter again (null: any time)
     */
    public record Entry(String segmentId, String interactionKind, boolean firstOnly, String reEntry,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration reEntryAfter) {
    }

    /**
     * One step; which fields matter depends on the type: {@code send} (channel, templates), {@code wait} (duration),
     * {@code wait_best_hour}, {@code branch} (on, duration as the window, yesStepId, noStepId; null for the next
     * step) or {@code exit}.
     */
    public record Step(String stepId, String type, String channel, Map<String, MessageContent> templates,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) Duration duration, String on,
                       String yesStepId, String noStepId) {

        public Step {
            templates = templates == null ? Map.of() : Map.copyOf(templates);
        }
    }

    /** The position of a step, or -1. */
    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).stepId().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }
}
