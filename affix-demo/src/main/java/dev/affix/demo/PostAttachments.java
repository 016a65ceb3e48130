package dev.affix.demo;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.AttachmentDeclaration.Dependent;
import dev.affix.spring.AffixBuilderCustomizer;
import dev.affix.variant.NamedVariant.Process;
import dev.affix.variant.Transformations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a post's files are, declared in code. It is what this YAML says, and belongs in application.yml
 * once the Spring Boot starter reads it from there (its property reader takes the map {@code variants:}
 * for more attachment names today):
 * <pre>
 * attachments:
 *   Post.cover:
 *     kind: one
 *     dependent: purge                          # deleting a post deletes its cover now
 *     variants:                                 # made on first request (process: lazily), then kept
 *       thumb: { resize_to_fill: [96, 96] }     # its row in the list of files
 *       hero: { resize_to_limit: [1200, 800] }  # across the top of the post
 *   Post.files:
 *     kind: many
 *     dependent: purge_later                    # and its files in a background job
 *     variants:
 *       thumb: { resize_to_limit: [400, 400] }  # images, and the first page or a frame of PDFs and videos
 * </pre>
 */
@Configuration
public class PostAttachments {

    @Bean
    AffixBuilderCustomizer postAttachmentDeclarations() {
        return builder -> builder
                .declare(AttachmentDeclaration.one(Post.TYPE, Post.COVER).dependent(Dependent.PURGE)
                        .variant("thumb", Transformations.builder().resizeToFill(96, 96).build(), Process.LAZILY)
                        .variant("hero", Transformations.builder().resizeToLimit(1200, 800).build(), Process.LAZILY))
                .declare(AttachmentDeclaration.many(Post.TYPE, Post.FILES).dependent(Dependent.PURGE_LATER)
                        .variant("thumb", Transformations.builder().resizeToLimit(400, 400).build(), Process.LAZILY));
    }
}
