package io.rapport.platform.grpc;

import io.grpc.Status;

/** A request a service refuses, with the gRPC status that says why (NOT_FOUND, ALREADY_EXISTS, ...). */
public class RequestRejectedException extends RuntimeException {

    private final transient Status status;

    public RequestRejectedException(Status status, String message) {
        super(message);
        this.status = status.withDescription(message);
    }

    public static RequestRejectedException notFound(String message) {
        return new RequestRejectedException(Status.NOT_FOUND, message);
    }

    public static RequestRejectedException alreadyExists(String message) {
        return new RequestRejectedException(Status.ALREADY_EXISTS, message);
    }

    public static RequestRejectedException failedPrecondition(String message) {
        return new RequestRejectedException(Status.FAILED_PRECONDITION, message);
    }

    public static RequestRejectedException invalid(String message) {
        return new RequestRejectedException(Status.INVALID_ARGUMENT, message);
    }

    public Status status() {
        return status;
    }
}
