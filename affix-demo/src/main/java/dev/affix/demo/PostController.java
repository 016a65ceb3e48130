package dev.affix.demo;

import dev.affix.Affix;
import dev.affix.blob.ContentTypeNotAllowedException;
import dev.affix.blob.InvalidSignedIdException;
import dev.affix.http.EndpointOptions;
import dev.affix.storage.ObjectNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The pages: the list of posts, one post, the form that creates one, and the buttons that delete and purge. */
@Controller
public class PostController {

    private static final Logger LOG = LoggerFactory.getLogger(PostController.class);

    private final PostService posts;
    private final Affix affix;
    private final UploadLimits uploads;
    private final UploadLimits coverUploads;
    private final SiteOrigin site;
    private final String directUploadsUrl;
    private final String resumableUploadsUrl;

    public PostController(PostService posts, EndpointOptions endpoints, Affix affix, SiteOrigin site) {
        this.posts = posts;
        this.affix = affix;
        long resumableMax = affix.uploadSessions().settings().maxByteSize();
        this.uploads = UploadLimits.of(endpoints, resumableMax, affix.declarations().require(Post.TYPE, Post.FILES).rules());
        this.coverUploads = UploadLimits.of(endpoints, resumableMax, affix.declarations().require(Post.TYPE, Post.COVER).rules());
        this.site = site;
        this.directUploadsUrl = affix.config().http().prefix() + "/direct_uploads";
        this.resumableUploadsUrl = affix.config().http().prefix() + "/tus/";
    }

    @GetMapping("/")
    public String index(Model model) {
        model.addAttribute("posts", posts.newest());
        return "posts/index";
    }

    @GetMapping("/posts/{id}")
    public String show(@PathVariable long id, Model model) {
        model.addAttribute("view", posts.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "posts/show";
    }

    @GetMapping("/posts/new")
    public String newPost(Model model, HttpServletRequest request) {
        return form(model, request, PostForm.empty(), List.of(), null);
    }

    @PostMapping("/posts")
    public String create(@ModelAttribute PostForm form, Model model, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect) {
        String problem = form.problem().orElse(null);
        if (problem == null) {
            try {
                Post post = posts.publish(form);
                redirect.addFlashAttribute("notice", "Published “" + post.title() + "”.");
                return "redirect:/posts/" + post.id();
            } catch (InvalidSignedIdException | ObjectNotFoundException e) {
                LOG.warn("post not published: {}", e.getMessage());
                problem = "An upload expired or never finished. Remove it and add the file again.";
            } catch (ContentTypeNotAllowedException e) {
                LOG.warn("post not published: {}", e.getMessage());
                problem = "A file is " + e.contentType() + " inside, which this site does not take, whatever its name says. Remove it.";
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(model, request, form, posts.pendingUploads(form), problem);
    }

    @PostMapping("/posts/{id}/delete")
    public String delete(@PathVariable long id, RedirectAttributes redirect) {
        if (!posts.delete(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("notice", "The post and its files were deleted.");
        return "redirect:/";
    }

    @PostMapping("/posts/{id}/attachments/{attachmentId}/purge")
    public String purge(@PathVariable long id, @PathVariable long attachmentId, RedirectAttributes redirect) {
        if (!posts.purgeAttachment(id, attachmentId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("notice", "The file was purged: its row and its bytes are gone.");
        return "redirect:/posts/" + id;
    }

    private String form(Model model, HttpServletRequest request, PostForm form, List<PendingUpload> pending, String problem) {
        model.addAttribute("form", form);
        model.addAttribute("pending", pending);
        model.addAttribute("problem", problem);
        model.addAttribute("uploads", uploads);
        model.addAttribute("coverUploads", coverUploads);
        model.addAttribute("directUploadsUrl", directUploadsUrl);
        // the uploads of this page are made for the post's declarations: their keys and rules, refused before a byte is stored
        model.addAttribute("coverHandle", affix.attachmentHandle(Post.TYPE, Post.COVER));
        model.addAttribute("filesHandle", affix.attachmentHandle(Post.TYPE, Post.FILES));
        model.addAttribute("resumableUploadsUrl", resumableUploadsUrl);
        // reached at another origin than affix.http.base_url, the page's uploads would be refused: say so
        model.addAttribute("foreignOrigin", site.isServing(request) ? null : site.toString());
        return "posts/new";
    }
}
