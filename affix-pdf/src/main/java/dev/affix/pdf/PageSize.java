package dev.affix.pdf;

import java.util.Optional;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A page's size in points as a viewer shows it: its crop box clipped to its media box (what poppler's
 * {@code pdfinfo -box} reports and Rails' proposed PDF analyzer read), a page without a media box being
 * US Letter as readers assume; whole points, rounded down; width and height swapped when the page is
 * turned a quarter (/Rotate 90 or 270, a rotation that is not a multiple of 90 being ignored).
 */
record PageSize(int width, int height) {

    // 200 inches, the largest page PDF allows (ISO 32000-2, annex C), times 75, the largest /UserUnit
    // Acrobat accepts: anything larger is a false claim, and no fact at all is better than a false one
    private static final float LARGEST = 14_400f * 75;

    static Optional<PageSize> of(PageTree.PageNode page) {
        PDRectangle media = page.inherited(COSName.MEDIA_BOX) instanceof COSArray box ? new PDRectangle(box) : PDRectangle.LETTER;
        PDRectangle shown = page.inherited(COSName.CROP_BOX) instanceof COSArray box ? clip(new PDRectangle(box), media) : media;
        float width = shown.getWidth();
        float height = shown.getHeight();
        if (!(width >= 1 && width <= LARGEST && height >= 1 && height <= LARGEST)) {
            return Optional.empty();
        }
        boolean quarterTurn = quarterTurn(page.inherited(COSName.ROTATE));
        int across = (int) Math.floor(quarterTurn ? height : width);
        int down = (int) Math.floor(quarterTurn ? width : height);
        return Optional.of(new PageSize(across, down));
    }

    private static PDRectangle clip(PDRectangle box, PDRectangle media) {
        float left = Math.max(box.getLowerLeftX(), media.getLowerLeftX());
        float bottom = Math.max(box.getLowerLeftY(), media.getLowerLeftY());
        float right = Math.min(box.getUpperRightX(), media.getUpperRightX());
        float top = Math.min(box.getUpperRightY(), media.getUpperRightY());
        return new PDRectangle(left, bottom, Math.max(0, right - left), Math.max(0, top - bottom));
    }

    private static boolean quarterTurn(COSBase rotate) {
        if (!(rotate instanceof COSNumber number)) {
            return false;
        }
        long degrees = number.longValue();
        return degrees % 90 == 0 && Math.floorMod(degrees, 180) == 90;
    }
}
