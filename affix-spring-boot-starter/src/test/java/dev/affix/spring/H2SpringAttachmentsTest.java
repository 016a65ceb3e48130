package dev.affix.spring;

import dev.affix.testing.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2SpringAttachmentsTest extends SpringAttachmentsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(TestDatabase.H2, registry);
    }
}
