package dev.affix.http;

/** A direct-upload declaration that is not what the protocol asks for; the message names the field. */
final class UploadDeclarationException extends RuntimeException {

    UploadDeclarationException(String message) {
        super(message);
    }
}
