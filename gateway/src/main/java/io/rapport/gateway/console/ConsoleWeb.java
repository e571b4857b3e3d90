package io.rapport.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console: one page ({@code /console}) and its script and style sheet, served by the gateway and talking only
 * to the public API with the session cookie. Every console response forbids inline scripts and styles, framing
 * and other origins ({@code Content-Security-Policy}), so text a customer wrote can only ever be text.
 */
@Hidden
@RestController
public class ConsoleWeb implements WebMvcConfigurer {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final byte[] page;

    public ConsoleWeb() {
        try (InputStream in = new ClassPathResource("console/index.html").getInputStream()) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the console's page is missing from the gateway's jar", e);
        }
    }

    @GetMapping({"/console", "/console/"})
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore()).body(page);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**").addResourceLocations("classpath:/console/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate());
    }

    /** The console's security headers, on its page and its assets. */
    @Component
    static class Headers extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !request.getRequestURI().equals("/console") && !request.getRequestURI().startsWith("/console/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            response.setHeader("Content-Security-Policy", POLICY);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
            chain.doFilter(request, response);
        }
    }
}
