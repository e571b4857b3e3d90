package io.rapport.platform.liquid;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import liqp.Template;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.exceptions.ExceededMaxIterationsException;
import liqp.exceptions.LiquidException;
import liqp.exceptions.VariableNotExistException;
import liqp.filters.Filter;
import liqp.nodes.LNode;
import liqp.parser.Flavor;
import liqp.tags.Tag;

/**
 * Liquid as marketers write it, and nothing an attacker holding a write key could use against the server: no tag
 * reaches a file or the class path ({@code include} and {@code include_relative} refuse), and every template is
 * bounded in size, loop iterations, the length of any string it builds (so {@code append} doubling stops early) and
 * render time. A template over a bound is refused with a reason ({@link Refused}); the caller decides whether that
 * refuses a definition or suppresses a message.
 */
public final class LiquidSandbox {

    /** Characters of template text. */
    public static final int MAX_TEMPLATE = 100_000;
    /** Loop iterations in one render, all loops together. */
    public static final int MAX_ITERATIONS = 10_000;
    /** Characters of any string a render builds, its output included. */
    public static final int MAX_RENDERED = 200_000;
    /** Milliseconds one render may take. */
    public static final long MAX_RENDER_MILLIS = 2_000;

    /** Why a template is not rendered, in the template author's terms. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** A variable the template needs and nobody gave. */
    public static final class MissingVariable extends RuntimeException {
        private final String variable;

        MissingVariable(String variable) {
            super("missing variable '" + variable + "'");
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }

    /**
     * Renders run here, so that a render over its time is given up on. Threads are reused: liqp's default makes a
     * thread for every render (thousands a minute in a campaign). A render given up on still ends at its loop and
     * size bounds, and meanwhile holds only its own thread, as before.
     */
    private static final ExecutorService RENDERERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "liquid-render");
        thread.setDaemon(true);
        return thread;
    });

    private final TemplateParser parser;

    public LiquidSandbox() {
        TemplateParser.Builder builder = new TemplateParser.Builder()
                .withFlavor(Flavor.LIQUID)
                .withStrictVariables(true)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withMaxIterations(MAX_ITERATIONS)
                .withMaxSizeRenderedString(MAX_RENDERED)
                .withMaxRenderTimeMillis(MAX_RENDER_MILLIS)
                .withMaxTemplateSizeBytes(MAX_TEMPLATE * 4L)
                .withNameResolver(name -> {
                    throw new Refused("templates cannot include other files");
                })
                .withTag(new Refusing("include"))
                .withTag(new Refusing("include_relative"));
        Flavor.LIQUID.getFilters().values().forEach(filter -> builder.withFilter(new Bounded(filter)));
        this.parser = builder.build();
    }

    /** Checks that a template reads and keeps to the bounds that can be seen without rendering it. */
    public void check(String text) {
        parse(text);
    }

    /** Renders {@code text} over {@code values}; throws {@link Refused} or {@link MissingVariable}. */
    public String render(String text, Map<String, Object> values) {
        Template template = parse(text);
        try {
            return template.render(values, RENDERERS, false);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    private Template parse(String text) {
        if (text.length() > MAX_TEMPLATE) {
            throw new Refused("a template has at most " + MAX_TEMPLATE + " characters");
        }
        try {
            return parser.parse(text);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** liqp wraps what went wrong; the reason that matters is somewhere in the causes. */
    private static RuntimeException translate(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refused refused) {
                return refused;
            }
            if (cause instanceof VariableNotExistException missing) {
                return new MissingVariable(missing.getVariableName());
            }
            if (cause instanceof ExceededMaxIterationsException) {
                return new Refused("the template loops more than " + MAX_ITERATIONS + " times");
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("exceeded the max amount of time")) {
                return new Refused("the template takes longer than " + MAX_RENDER_MILLIS + " ms to render");
            }
            if (message.contains("rendered string exceeds") || message.contains("max size")) {
                return new Refused("the template renders more than " + MAX_RENDERED + " characters");
            }
            if (cause instanceof LiquidException liquid) {
                return new Refused("the template does not read: " + firstLine(liquid.getMessage()));
            }
        }
        return new Refused("the template does not render: " + firstLine(failure.getMessage()));
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** A tag that exists only to say it is not available. */
    private static final class Refusing extends Tag {
        Refusing(String name) {
            super(name);
        }

        @Override
        public Object render(TemplateContext context, LNode... nodes) {
            throw new Refused("the " + name + " tag is not available: templates cannot read other files");
        }
    }

    /** A standard filter whose result may not grow past the rendered-size bound. */
    private static final class Bounded extends Filter {
        private final Filter filter;

        Bounded(Filter filter) {
            super(filter.name);
            this.filter = filter;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            Object result = filter.apply(value, context, params);
            if (size(result) > MAX_RENDERED) {
                throw new Refused("the template renders more than " + MAX_RENDERED + " characters");
            }
            return result;
        }

        private static long size(Object value) {
            if (value instanceof CharSequence text) {
                return text.length();
            }
            if (value instanceof Collection<?> items) {
                return items.size();
            }
            if (value instanceof Object[] items) {
                return items.length;
            }
            return 0;
        }
    }
}
