package io.rapport.gateway.web;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rapport.gateway.auth.ApiKeyFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per API call (method, path, status, time) and, on every line logged while it is handled, the customer the
 * path names (MDC {@code customer}) and, once {@link ApiKeyFilter} has let the call in, its workspace and key
 * ({@code workspace}, {@code apiKey}).
 * Trace and span ids come from the tracing instrumentation around it; with {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}
 * every line is JSON carrying all of them.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 40)
public class RequestLog extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    private static final Pattern CUSTOMER = Pattern.compile("^/v1/customers/([^/]+)");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        Matcher customer = CUSTOMER.matcher(request.getRequestURI());
        if (customer.find()) {
            MDC.put("customer", customer.group(1));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            log.info("{} {} {} in {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            MDC.remove("workspace");
            MDC.remove("apiKey");
            MDC.remove("customer");
        }
    }
}
