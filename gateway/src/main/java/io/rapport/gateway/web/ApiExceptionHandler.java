package io.rapport.gateway.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem+json: Spring MVC's own (malformed JSON, wrong method, ...) through the base
 * class, the gateway's validation, and the services' gRPC status mapped to the HTTP status a client expects.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Map<Status.Code, HttpStatus> HTTP_STATUS = Map.ofEntries(
            Map.entry(Status.Code.INVALID_ARGUMENT, HttpStatus.BAD_REQUEST),
            Map.entry(Status.Code.OUT_OF_RANGE, HttpStatus.BAD_REQUEST),
            Map.entry(Status.Code.NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(Status.Code.ALREADY_EXISTS, HttpStatus.CONFLICT),
            Map.entry(Status.Code.ABORTED, HttpStatus.CONFLICT),
            Map.entry(Status.Code.FAILED_PRECONDITION, HttpStatus.UNPROCESSABLE_CONTENT),
            Map.entry(Status.Code.PERMISSION_DENIED, HttpStatus.FORBIDDEN),
            Map.entry(Status.Code.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED),
            Map.entry(Status.Code.RESOURCE_EXHAUSTED, HttpStatus.TOO_MANY_REQUESTS),
            Map.entry(Status.Code.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
            Map.entry(Status.Code.DEADLINE_EXCEEDED, HttpStatus.SERVICE_UNAVAILABLE));

    /**
     * Malformed JSON or a value of the wrong type: say where and what, in the client's terms — never the Java type
     * or the library that noticed.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = exception.getMostSpecificCause();
        String detail = cause instanceof JacksonException json ? describe(json)
                : "The body could not be read: it must be a JSON object.";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(exception, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    static String describe(JacksonException json) {
        String field = fieldPath(json);
        String at = field.isEmpty() ? "The body" : field;
        if (json instanceof UnrecognizedPropertyException unknown) {
            return (field.isEmpty() ? unknown.getPropertyName() : field) + ": unknown field";
        }
        if (json instanceof StreamConstraintsException) {
            return at + ": a value is longer than this API accepts";
        }
        if (json instanceof MismatchedInputException mismatched && !field.isEmpty()) {
            return field + ": expected " + jsonType(mismatched.getTargetType());
        }
        String where = json.getLocation() != null ? " (line " + json.getLocation().getLineNr() + ", column "
                + json.getLocation().getColumnNr() + ")" : "";
        return "The body is not valid JSON for this resource" + (field.isEmpty() ? "" : " at " + field) + where + ".";
    }

    private static String fieldPath(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number (in range)";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as 2026-01-31T09:30:00Z";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** No route or file here: say so in the API's words (the framework would name its static-resource lookup). */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException exception,
                                                                    HttpHeaders headers, HttpStatusCode status,
                                                                    WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Nothing is here: see /docs for the API's resources.");
        return handleExceptionInternal(exception, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    /** A multipart body that does not read as one (no boundary, cut short): the client's mistake, not ours. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> notMultipart(MultipartException exception) {
        logger.debug("Unreadable multipart body", exception);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The body is not multipart/form-data this API can read: send the file parts with a boundary "
                        + "(most HTTP clients do that for you, e.g. curl -F file=@data.csv).");
        problem.setTitle("Malformed request body");
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Anything unexpected: the client gets an id to quote, the log gets everything under that id. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception) {
        String correlationId = UUID.randomUUID().toString();
        logger.error("Unexpected failure, correlation id " + correlationId, exception);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.internal(correlationId));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException exception) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, exception.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", exception.errors());
        return ResponseEntity.badRequest().body(problem);
    }

    private static final Pattern LOCATED = Pattern.compile("([a-z_.]+): position (\\d+):");

    @ExceptionHandler(StatusRuntimeException.class)
    ResponseEntity<ProblemDetail> fromService(StatusRuntimeException exception) {
        Status status = exception.getStatus();
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && status.getDescription() != null
                && status.getDescription().contains("exceeds maximum")) {
            // A message over gRPC's size limit is a request (or answer) too large for this API, not a rate limit.
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request is too large for this API: send fewer or smaller items per call.");
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
        }
        HttpStatus http = HTTP_STATUS.getOrDefault(status.getCode(), HttpStatus.INTERNAL_SERVER_ERROR);
        String detail = switch (http) {
            case INTERNAL_SERVER_ERROR -> "An internal error occurred; it has been logged.";
            case SERVICE_UNAVAILABLE -> "A Rapport service is unavailable or too slow to answer ("
                    + status.getCode() + "); retry in a few seconds.";
            default -> status.getDescription() != null ? status.getDescription() : http.getReasonPhrase();
        };
        String correlationId = null;
        if (http == HttpStatus.INTERNAL_SERVER_ERROR) {
            correlationId = UUID.randomUUID().toString();
            logger.error("Service call failed, correlation id " + correlationId, exception);
        }
        ProblemDetail problem = correlationId != null ? Problems.internal(correlationId)
                : ProblemDetail.forStatusAndDetail(http, detail);
        problem.setType(URI.create("about:blank"));
        Matcher located = LOCATED.matcher(detail);
        if (http == HttpStatus.BAD_REQUEST && located.lookingAt()) {
            // A rule or template that does not read says where: the field, and the 1-based character in it.
            problem.setProperty("field", located.group(1));
            problem.setProperty("position", Integer.parseInt(located.group(2)));
        }
        HttpHeaders headers = new HttpHeaders();
        if (http == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, "5");
        }
        return ResponseEntity.status(http).headers(headers).body(problem);
    }
}
