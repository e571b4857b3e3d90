package io.rapport.relationship.api;

import java.util.regex.Pattern;

/** A relationship is identified by its workspace and the customer's id in it: {@code "<tenant>/<customerId>"}. */
public final class RelationshipIds {

    /** Letters, digits and {@code . _ : @ + -}, up to 128: safe in URLs, keys and logs. */
    public static final Pattern CUSTOMER_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._:@+-]{1,128}");

    private RelationshipIds() {
    }

    public static String of(String tenant, String customerId) {
        return tenant + "/" + customerId;
    }
}
