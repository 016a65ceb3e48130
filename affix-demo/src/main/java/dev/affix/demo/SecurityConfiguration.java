package dev.affix.demo;

import dev.affix.Affix;
import dev.affix.http.DirectUploadAuthorizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security with no login (every request is permitted) and CSRF protection on: every POST, PUT,
 * PATCH or DELETE must carry the session's token, as a form's hidden {@code _csrf} field (Thymeleaf
 * adds it to each {@code th:action} form) or as the {@code X-CSRF-Token} header that the upload
 * clients copy from the pages' {@code <meta name="csrf-token">}. That covers the demo's forms and
 * {@code POST /affix/direct_uploads}.
 *
 * <p>The routes under {@code /affix} that are authorised by a signed id or token in their URL — serving
 * ({@code blobs/}, {@code representations/}, Disk {@code GET}) and the Disk direct-upload {@code PUT} —
 * get a chain of their own that changes nothing: no CSRF token (the {@code PUT}'s token could only
 * have been minted by the server, and the browser sends it where the direct-upload answer said, with
 * exactly its headers), no session, and none of Spring Security's response headers, so the servlet's
 * own stay as they are ({@code Cache-Control: …immutable} with no cookie, and no
 * {@code X-Frame-Options} that would forbid showing a PDF in a frame of the demo's pages).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SiteOrigin siteOrigin(Affix affix) {
        return SiteOrigin.of(affix.config().http().baseUrl());
    }

    /** Replaces the starter's default, which lets any client create direct uploads. */
    @Bean
    DirectUploadAuthorizer directUploadAuthorizer(SiteOrigin site) {
        return new SameOriginUploadAuthorizer(site);
    }

    @Bean
    @Order(1)
    SecurityFilterChain signedAffixRoutes(HttpSecurity http, Affix affix) throws Exception {
        String prefix = affix.config().http().prefix();
        return http
                .securityMatcher(prefix + "/blobs/**", prefix + "/representations/**", prefix + "/disk/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pagesAndDirectUploads(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                // nobody logs in, so there is nothing to log out of: no POST /logout
                .logout(AbstractHttpConfigurer::disable)
                .build();
    }
}
