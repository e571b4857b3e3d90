package io.rapport.gateway.web;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container answers when nothing else did (no route, a failure before Spring MVC, an error status
 * sent without a body): problem+json like every other answer, never the container's page or Spring's default body
 * with its exception and path.
 */
@Hidden
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer number && HttpStatus.resolve(number) != null
                ? HttpStatus.valueOf(number) : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem;
        if (status.is5xxServerError()) {
            String correlationId = UUID.randomUUID().toString();
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            log.error("Unexpected failure on {}, correlation id {}", request.getAttribute(
                    RequestDispatcher.ERROR_REQUEST_URI), correlationId, failure instanceof Throwable t ? t : null);
            problem = Problems.internal(correlationId);
        } else {
            problem = ProblemDetail.forStatusAndDetail(status, status == HttpStatus.NOT_FOUND
                    ? "Nothing is here: see /docs for the API's resources." : status.getReasonPhrase());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
