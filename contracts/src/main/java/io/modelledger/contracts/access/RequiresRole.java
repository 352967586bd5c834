package io.modelledger.contracts.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a command: the actor must hold one of these roles (from the command's {@code actorRoles} metadata)
 * or the command is refused with 403 before any handler runs. It is checked on the command bus, where
 * the decision is made, whatever route or code path sent the command; the gateway's and the services'
 * {@link AccessMatrix} checks at the door come on top. Commands a service sends on its own behalf
 * ({@code authMethod} {@code system}) are not user decisions and pass.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RequiresRole {

    String[] value();
}
