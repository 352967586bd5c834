package io.modelledger.boot;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * No Reactor hook from servlet security. A servlet application's {@code @EnableWebSecurity} imports Spring
 * Security's {@code SecurityReactorContextConfiguration} whenever WebFlux and the resource server are on the class
 * path. Its only bean installs a JVM-wide {@code Hooks.onLastOperator} that wraps the last operator of every
 * Mono and Flux assembled anywhere in the JVM and, at each subscription, walks the subscriber chain's context and
 * reads the servlet request's thread locals. That serves one purpose: passing the servlet request's
 * authentication to an OAuth2 <em>client</em>'s {@code WebClient} exchange filter. No application of ours
 * does that (services call out with their own tokens), and in the standalone JVM the hook also wrapped every
 * operator of the gateway's request path. The bean is removed before it is created, so the hook is never set.
 */
@AutoConfiguration
public class ReactorHookAutoConfiguration {

    /** The bean of {@code SecurityReactorContextConfiguration} that sets the hook (its {@code @Bean} method's name). */
    static final String SERVLET_SECURITY_REACTOR_HOOK = "securityReactorContextSubscriberRegistrar";

    @Bean
    static BeanDefinitionRegistryPostProcessor noServletSecurityReactorHook() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                if (registry.containsBeanDefinition(SERVLET_SECURITY_REACTOR_HOOK)) {
                    registry.removeBeanDefinition(SERVLET_SECURITY_REACTOR_HOOK);
                }
            }
        };
    }
}
