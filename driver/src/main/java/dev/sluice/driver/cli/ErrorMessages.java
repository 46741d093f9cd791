package dev.sluice.driver.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** The one line (or, for a changed plan, the short block) a failed command prints. */
final class ErrorMessages {
    private ErrorMessages() {}

    static String describe(Throwable failure) {
        if (failure instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        if (failure instanceof IOException && failure.getClass() != IOException.class) {
            return failure.getClass().getSimpleName() + ": " + message;
        }
        return message;
    }
}
