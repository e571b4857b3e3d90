package io.rapport.platform.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import io.grpc.Status;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class DeadLetterQueuesTest {

    @Test
    void aServiceOrDatabaseOutOfReachIsRetriedNotSetAside() {
        assertThat(DeadLetterQueues.isPassing(new IllegalStateException("wrapped",
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()))).isTrue();
        assertThat(DeadLetterQueues.isPassing(Status.DEADLINE_EXCEEDED.asRuntimeException())).isTrue();
        assertThat(DeadLetterQueues.isPassing(new MongoSocketException("refused", new ServerAddress()))).isTrue();
        assertThat(DeadLetterQueues.isPassing(new ConcurrencyException("a concurrent change won"))).isTrue();
    }

    @Test
    void anEventItsHandlerCannotTakeIsADeadLetter() {
        assertThat(DeadLetterQueues.isPassing(new IllegalArgumentException("the event's time is out of range")))
                .isFalse();
        assertThat(DeadLetterQueues.isPassing(new ArithmeticException("long overflow"))).isFalse();
        assertThat(DeadLetterQueues.isPassing(Status.INVALID_ARGUMENT.asRuntimeException())).isFalse();
    }

    @Test
    void theWorkspaceIsTheAggregateIdsFirstPart() {
        assertThat(DeadLetterQueues.workspaceOf("acme/ada")).isEqualTo("acme");
        assertThat(DeadLetterQueues.workspaceOf("no-workspace")).isEqualTo("-");
    }
}
