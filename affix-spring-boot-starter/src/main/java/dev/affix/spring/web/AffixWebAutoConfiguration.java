package dev.affix.spring.web;

import dev.affix.Affix;
import dev.affix.http.AffixServlet;
import dev.affix.http.DirectUploadAuthorizer;
import dev.affix.http.EndpointOptions;
import dev.affix.spring.AffixAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Mounts Affix's endpoints (affix-http) under {@code http.prefix} in a servlet web application, with
 * the options of the configuration's {@code http:} section. Each bean yields to the application's own.
 */
@AutoConfiguration(after = AffixAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(AffixServlet.class)
@ConditionalOnBean(Affix.class)
public class AffixWebAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AffixWebAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    EndpointOptions affixEndpointOptions(Affix affix) {
        return EndpointOptions.from(affix.config().http());
    }

    /** Lets anyone create direct uploads, as Rails does behind its CSRF check: an application on the internet defines its own. */
    @Bean
    @ConditionalOnMissingBean
    DirectUploadAuthorizer affixDirectUploadAuthorizer() {
        LOG.warn("Affix: direct uploads are open to every client; define a DirectUploadAuthorizer bean to decide who may upload");
        return DirectUploadAuthorizer.ALLOW_ALL;
    }

    @Bean
    @ConditionalOnMissingBean(name = "affixServletRegistration")
    ServletRegistrationBean<AffixServlet> affixServletRegistration(Affix affix, EndpointOptions options,
            DirectUploadAuthorizer authorizer) {
        AffixServlet servlet = new AffixServlet(affix, options, authorizer);
        ServletRegistrationBean<AffixServlet> registration = new ServletRegistrationBean<>(servlet, servlet.urlPattern());
        registration.setName("affix");
        return registration;
    }
}
