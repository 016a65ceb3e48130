package dev.affix.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small application with JPA entities, as the starter's users write them. */
@SpringBootApplication
public class TestApplication {
}
