package dev.affix.spring.web;

import dev.affix.Affix;
import dev.affix.http.AffixServlet;
import dev.affix.http.BlobUrls;
import dev.affix.http.ClientKey;
import dev.affix.http.DirectUploadAuthorizer;
import dev.affix.http.EndpointOptions;
import dev.affix.http.ServingAuthorizer;
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

    /** Serves a blob to whoever holds its serving URL, as Rails does; define one to check the session too. */
    @Bean
    @ConditionalOnMissingBean
    ServingAuthorizer affixServingAuthorizer() {
        return ServingAuthorizer.ALLOW_ALL;
    }

    /** Rate-limits direct uploads (when {@code http.direct_uploads.rate_limit} is set) by the address the container reports. */
    @Bean
    @ConditionalOnMissingBean
    ClientKey affixClientKey() {
        return ClientKey.REMOTE_ADDRESS;
    }

    /** Links to blobs, expiring as the endpoint options say ({@code http.urls_expire_in}). */
    @Bean
    @ConditionalOnMissingBean
    BlobUrls affixBlobUrls(Affix affix, EndpointOptions options) {
        return new BlobUrls(affix, options);
    }

    @Bean
    @ConditionalOnMissingBean(name = "affixServletRegistration")
    ServletRegistrationBean<AffixServlet> affixServletRegistration(Affix affix, EndpointOptions options,
            DirectUploadAuthorizer uploads, ServingAuthorizer serving, ClientKey clients) {
        AffixServlet servlet = new AffixServlet(affix, options, uploads, serving, clients);
        ServletRegistrationBean<AffixServlet> registration = new ServletRegistrationBean<>(servlet, servlet.urlPattern());
        registration.setName("affix");
        return registration;
    }
}
