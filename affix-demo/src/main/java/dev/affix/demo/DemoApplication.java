package dev.affix.demo;

import dev.affix.Affix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The Affix demo: posts with a cover image (has-one) and attachments (has-many), uploaded by the
 * browser straight to the storage service, listed without N+1 queries, deleted and purged as the
 * declarations in application.yml say. {@code bin/demo} starts it.
 *
 * <p>Nobody logs in: Spring Security is there for CSRF protection only ({@link SecurityConfiguration}),
 * so Boot's generated user and password are left out.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class DemoApplication {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        // uploads go to URLs made from http.base_url: the page has to be opened at that origin
        Affix affix = event.getApplicationContext().getBean(Affix.class);
        LOG.info("Affix demo ready: open {}", affix.config().http().baseUrl());
    }
}
