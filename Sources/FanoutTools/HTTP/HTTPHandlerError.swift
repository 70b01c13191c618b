/// Why an ``HTTPHandler`` cannot be built from what it was given: each case reads as one line that
/// says what is wrong and how to fix it.
public enum HTTPHandlerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The method is not one of GET, POST, PUT, PATCH, DELETE or HEAD.
    case unsupportedMethod(String)
    /// The URL template is not an http or https URL with a host; `reason` says what is missing.
    case invalidURL(String, reason: String)
    /// A `{` or `${` in a template is not closed; `field` names the template, `column` is 1-based.
    case unclosedPlaceholder(field: String, column: Int)
    /// A header's name is not an HTTP token.
    case invalidHeaderName(String)
    /// A body template was given for a method that sends no body.
    case bodyNotAllowed(method: String)
    /// The response limit is not a positive number of bytes.
    case invalidResponseLimit(Int)

    /// The problem and its fix, in one line.
    public var description: String {
        switch self {
        case .unsupportedMethod(let method):
            return "HTTP method \(method.quotedExcerpt) is not supported: use GET, POST, PUT, PATCH, DELETE or HEAD"
        case .invalidURL(let url, let reason):
            return "URL \(url.quotedExcerpt) \(reason): give an http:// or https:// URL with a host, like https://api.example.com/weather?q={location}"
        case .unclosedPlaceholder(let field, let column):
            return "the '{' at column \(column) of \(field) is not closed: write {argument} or ${VARIABLE}, or {{ for a literal '{'"
        case .invalidHeaderName(let name):
            return "header name \(name.quotedExcerpt) is not a valid HTTP header name: use letters, digits and '-', like X-Api-Key"
        case .bodyNotAllowed(let method):
            return "a \(method) request carries no body: remove body:, or use POST, PUT or PATCH"
        case .invalidResponseLimit(let limit):
            return "responseLimit must be at least 1 byte, not \(limit)"
        }
    }
}
