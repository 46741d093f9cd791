package dev.sluice.executor.server;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.MalformedRecordException;
import dev.sluice.executor.shuffle.MapTaskFailedException;
import dev.sluice.executor.shuffle.ShuffleService;
import dev.sluice.executor.task.TaskCancelledException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * How a failure on an executor travels to the driver: a gRPC status whose description is the message a user
 * should read (a bad record's file:line:column, a connector's complaint), with the executor id in the trailers.
 */
public final class TaskFailures {
    /** The trailer that names the executor a call failed on. */
    public static final Metadata.Key<String> EXECUTOR_ID =
            Metadata.Key.of("sluice-executor-id", Metadata.ASCII_STRING_MARSHALLER);

    private TaskFailures() {}

    /**
     * The trailer that marks a state task's failure as caused by a map task's (ABORTED): the driver reports the
     * map task's own failure instead.
     */
    public static final Metadata.Key<String> INPUT_FAILED = ShuffleService.INPUT_FAILED;

    /** The status for {@code failure} on executor {@code executorId}. */
    public static StatusRuntimeException toStatus(Throwable failure, String executorId) {
        Status status;
        boolean inputFailed = false;
        if (failure instanceof TaskCancelledException) {
            status = Status.CANCELLED;
        } else if (causedByMapTaskFailure(failure)) {
            status = Status.ABORTED;
            inputFailed = true;
        } else if (failure instanceof MalformedRecordException || failure instanceof ConnectorException
                || failure instanceof IllegalArgumentException) {
            status = Status.INVALID_ARGUMENT;
        } else if (failure instanceof UnsupportedOperationException) {
            status = Status.UNIMPLEMENTED;
        } else if (failure instanceof UnknownQueryException) {
            status = Status.FAILED_PRECONDITION;
        } else {
            status = Status.INTERNAL;
        }
        Metadata trailers = new Metadata();
        trailers.put(EXECUTOR_ID, executorId);
        if (inputFailed) {
            trailers.put(INPUT_FAILED, "true");
        }
        return status.withDescription(userMessage(failure)).withCause(failure).asRuntimeException(trailers);
    }

    private static boolean causedByMapTaskFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MapTaskFailedException) {
                return true;
            }
        }
        return false;
    }

    /** The failure's own message, or its class name when it has none (a NullPointerException without text). */
    static String userMessage(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getName();
        }
        if (failure instanceof MalformedRecordException || failure instanceof ConnectorException
                || failure instanceof TaskCancelledException || failure instanceof UnknownQueryException
                || failure instanceof IllegalArgumentException || failure instanceof UnsupportedOperationException) {
            return message;
        }
        return failure.getClass().getSimpleName() + ": " + message;
    }

    /** A task or release for a query this executor has not prepared (or released). */
    static final class UnknownQueryException extends RuntimeException {
        UnknownQueryException(String message) {
            super(message);
        }
    }
}
