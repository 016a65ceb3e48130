package dev.affix.demo;

import dev.affix.Affix;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.http.BlobUrls;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts and their files. A post's row and its attachment rows are written in one Spring transaction:
 * if attaching fails (an expired signed id, an upload that never finished), the post is not created.
 */
@Service
public class PostService {

    /** How many posts the list shows. */
    static final int PAGE_SIZE = 50;

    private final PostRepository posts;
    private final Affix affix;
    private final BlobUrls urls;
    private final Thumbnails thumbnails;
    private final Clock clock;

    public PostService(PostRepository posts, Affix affix, Thumbnails thumbnails) {
        this.posts = posts;
        this.affix = affix;
        this.urls = new BlobUrls(affix);
        this.thumbnails = thumbnails;
        this.clock = Clock.systemUTC();
    }

    /**
     * Creates the post and attaches the directly uploaded files by their signed ids.
     *
     * @throws dev.affix.blob.InvalidSignedIdException              if a signed id is forged or expired
     * @throws dev.affix.storage.ObjectNotFoundException            if an upload's bytes never arrived
     */
    @Transactional
    public Post publish(PostForm form) {
        Post post = posts.insert(form.title(), form.body(), clock.instant());
        form.coverSignedId().ifPresent(signedId -> affix.one(post, Post.COVER).attachSigned(signedId));
        if (!form.files().isEmpty()) {
            affix.many(post, Post.FILES).attach(form.files().stream().map(Attachable::signedId).toList());
        }
        return post;
    }

    /**
     * The newest posts with their files: three queries, one for the posts, one for all their attachments
     * and one for which of their thumbnails have been made.
     */
    @Transactional(readOnly = true)
    public List<PostView> newest() {
        List<Post> page = posts.newest(PAGE_SIZE);
        Map<RecordRef, List<Attachment>> files = affix.attachmentsOf(Post.TYPE, page.stream().map(Post::id).toList());
        Thumbnails.Made made = thumbnails.made(files.values().stream().flatMap(List::stream).map(Attachment::blob).toList());
        return page.stream().map(post -> view(post, files.getOrDefault(post.affixRecord(), List.of()), made)).toList();
    }

    @Transactional(readOnly = true)
    public Optional<PostView> find(long id) {
        return posts.find(id).map(post -> {
            List<Attachment> files = affix.attachmentsOf(Post.TYPE, List.of(id)).getOrDefault(post.affixRecord(), List.of());
            return view(post, files, thumbnails.made(files.stream().map(Attachment::blob).toList()));
        });
    }

    /** Deletes the post; its files go as declared ({@code dependent:} in application.yml). False if there was no such post. */
    @Transactional
    public boolean delete(long id) {
        Optional<Post> post = posts.find(id);
        post.ifPresent(found -> {
            affix.recordDeleted(found);
            posts.delete(found.id());
        });
        return post.isPresent();
    }

    /** Removes one file from a post, and its bytes unless another record uses them. False if the post has no such file. */
    @Transactional
    public boolean purgeAttachment(long postId, long attachmentId) {
        Optional<Post> post = posts.find(postId);
        Optional<Attachment> attachment = post.flatMap(found -> affix.attachmentsOf(Post.TYPE, List.of(postId))
                .getOrDefault(found.affixRecord(), List.of()).stream().filter(a -> a.id() == attachmentId).findFirst());
        attachment.ifPresent(found -> {
            if (found.name().equals(Post.COVER)) {
                affix.one(post.get(), Post.COVER).purge();
            } else {
                affix.many(post.get(), found.name()).purge(found.blob());
            }
        });
        return attachment.isPresent();
    }

    /** The uploads a form names that are still valid, to show the form again without losing them. */
    @Transactional(readOnly = true)
    public List<PendingUpload> pendingUploads(PostForm form) {
        List<PendingUpload> pending = new ArrayList<>();
        form.coverSignedId().flatMap(signedId -> pending(Post.COVER, signedId)).ifPresent(pending::add);
        form.files().forEach(id -> pending(Post.FILES, id).ifPresent(pending::add));
        return pending;
    }

    private Optional<PendingUpload> pending(String field, String signedId) {
        return affix.blobs().findSigned(signedId)
                .map(blob -> new PendingUpload(field, signedId, blob.filename(), FileView.humanSize(blob.byteSize())));
    }

    private PostView view(Post post, List<Attachment> attachments, Thumbnails.Made made) {
        Optional<Attachment> cover = attachments.stream().filter(a -> a.name().equals(Post.COVER)).reduce((first, second) -> second);
        List<FileView> files = attachments.stream().filter(a -> a.name().equals(Post.FILES))
                .map(a -> FileView.of(a, urls, thumbnails.of(a, "thumb", made))).toList();
        return new PostView(post, cover.map(a -> FileView.of(a, urls, thumbnails.of(a, "thumb", made))),
                cover.flatMap(a -> thumbnails.of(a, "hero", made)), files);
    }
}
