package io.modelledger.platform.web;

import io.modelledger.platform.metadata.RequestMetadataFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/** Web plumbing every service shares: governance metadata per request and problem+json errors. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ControllerWebConfiguration.class)
public class ServiceWebAutoConfiguration {

    @Bean
    public FilterRegistrationBean<RequestMetadataFilter> requestMetadataFilter() {
        FilterRegistrationBean<RequestMetadataFilter> registration = new FilterRegistrationBean<>(new RequestMetadataFilter());
        // after Spring Security's filter chain (order -100): the actor comes from the authenticated token
        registration.setOrder(-90);
        return registration;
    }

    /** After the metadata filter: a retried request is recognised per caller. */
    @Bean
    public FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(MongoDatabaseFactory mongo, ProblemWriter problems,
                                                                       Environment environment, java.time.Clock clock) {
        String service = environment.getProperty("spring.application.name", "service").replace('-', '_');
        Duration retention = environment.getProperty("modelledger.idempotency.retention", Duration.class, Duration.ofHours(24));
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(mongo.getMongoDatabase().getCollection(service + "_idempotency_keys"), problems, retention, clock));
        registration.setOrder(-80);
        return registration;
    }

    /** What Tomcat refuses on its own is answered as problem+json too ({@link ProblemReportValve}), not as an HTML page. */
    @Bean
    public org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> problemReportValve() {
        return new ProblemValveCustomizer();
    }

    static final class ProblemValveCustomizer implements org.springframework.boot.web.server.WebServerFactoryCustomizer<
            org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory>, org.springframework.core.Ordered {

        @Override
        public void customize(org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                org.apache.catalina.Pipeline host = context.getParent().getPipeline();
                for (org.apache.catalina.Valve valve : host.getValves()) {
                    if (valve instanceof org.apache.catalina.valves.ErrorReportValve) {
                        host.removeValve(valve);
                    }
                }
                host.addValve(new ProblemReportValve());
                if (context.getParent() instanceof org.apache.catalina.core.StandardHost standard) {
                    // else the host adds its default (HTML) report valve on start, in front of ours
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return org.springframework.core.Ordered.LOWEST_PRECEDENCE; // after Boot's own valve is in place
        }
    }

    @Bean
    public ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }
}
