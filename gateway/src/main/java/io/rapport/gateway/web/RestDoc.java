package io.rapport.gateway.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the OpenAPI document cannot see in a handler's signature: the status it answers with when that is not
 * 200, and the schemas of JSON it reads and writes itself (the campaign and journey resources, whose shape is their
 * gRPC message). Schema names are components of the document, see {@code OpenApiConfiguration}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RestDoc {

    /** The success status, e.g. "201" for a creation, "202" for work that goes on after the answer. */
    String status() default "200";

    /** The component describing the JSON request body, if the handler reads it as a tree. */
    String request() default "";

    /** The component describing the JSON response body, if the handler writes it as a tree. */
    String response() default "";
}
