package io.slot2kinesis.deploy;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** One result of a check: passed, or failed with one line naming what to fix. */
public record Finding(boolean ok, String check, String message) {

    public static Finding pass(String check, String message) {
        return new Finding(true, check, message);
    }

    public static Finding fail(String check, String message) {
        return new Finding(false, check, message);
    }

    /** A call that failed for a reason the check does not expect: the service's code and message, and the call. */
    public static Finding error(String check, String call, SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            if (code != null && (code.contains("AccessDenied") || code.contains("UnauthorizedOperation"))) {
                return fail(check, call + " was denied: give the deploying principal " + call + " (" + firstLine(service.awsErrorDetails().errorMessage()) + ")");
            }
            return fail(check, call + " failed with " + code + ": " + firstLine(service.awsErrorDetails().errorMessage()));
        }
        return fail(check, call + " failed: " + firstLine(e.getMessage()));
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    public String line() {
        return (ok ? "ok    " : "FAIL  ") + check + ": " + message;
    }
}
