package io.rapport.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class RapportExceptionHandlerTest {

    private final RapportExceptionHandler handler = new RapportExceptionHandler();

    private Status statusOf(Throwable exception) {
        return handler.handleException(exception).getStatus();
    }

    @Test
    void aDownstreamServiceThatIsDownOrSlowMakesTheCallRetryableNotAnInternalError() {
        Status down = statusOf(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
        assertThat(down.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(down.getDescription()).contains("did not answer (UNAVAILABLE)");
        assertThat(statusOf(new CommandExecutionException("failed", Status.DEADLINE_EXCEEDED.asRuntimeException()))
                .getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aCallCancelledByItsCallerStaysCancelled() {
        assertThat(statusOf(Status.CANCELLED.withDescription("RPC cancelled").asRuntimeException()).getCode())
                .isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void otherFailuresMapToWhatTheClientCanActOn() {
        assertThat(statusOf(new IllegalArgumentException("bad")).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(statusOf(new ConcurrencyException("lost")).getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(statusOf(RequestRejectedException.notFound("no such")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        Status internal = statusOf(Status.INVALID_ARGUMENT.withDescription("our own mistake").asRuntimeException());
        assertThat(internal.getCode()).as("a downstream refusal is our bug, not the client's")
                .isEqualTo(Status.Code.INTERNAL);
        assertThat(statusOf(new IllegalStateException("bug")).getDescription()).doesNotContain("bug");
    }
}
