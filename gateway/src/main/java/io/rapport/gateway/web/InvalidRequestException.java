package io.rapport.gateway.web;

import java.util.List;

/** A request the gateway refuses before calling any service, with every problem found. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<String> errors;

    public InvalidRequestException(List<String> errors) {
        super(String.join("; ", errors.subList(0, Math.min(errors.size(), 10)))
                + (errors.size() > 10 ? " (and " + (errors.size() - 10) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    /** Refuses the request if any problem was found. */
    public static void throwIfAny(List<String> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    public List<String> errors() {
        return errors;
    }
}
