package io.modelledger.contracts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a contracts package: the name the audit trail records as the {@code service} of its events. The value is
 * part of every audit entry's hash, so it never changes for a package that has events in a store.
 * {@code EventCatalogTest} checks it against the services whose code constructs the events.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface EmittedBy {

    String value();
}
