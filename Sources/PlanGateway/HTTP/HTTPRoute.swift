import Hummingbird

/// One route of the HTTP front, declared once: the router registers its handler and the OpenAPI
/// document describes it from the same declaration, so the two cannot drift apart. The handler
/// reads only the query parameters declared here (``QueryParameters`` refuses others).
struct HTTPRoute: Sendable {
    /// The HTTP method.
    var method: HTTPRequest.Method
    /// The path, with path parameters in braces (`/v1/units/{unit_id}`), as OpenAPI has it.
    var path: String
    /// The OpenAPI operation id.
    var operationID: String
    /// One line on what the route does.
    var summary: String
    /// The parameters in the path, in order.
    var pathParameters: [ParameterSpec] = []
    /// The query parameters the handler reads (`format` is added for routes with CSV).
    var queryParameters: [ParameterSpec] = []
    /// The name of the response schema in the document's components (JSON routes).
    var responseSchema: String
    /// The media type of a successful answer: JSON unless said (the explorer's HTML, the
    /// recordings' `text/event-stream`).
    var mediaType = "application/json"
    /// Other media types a successful answer may have (the explorer's files: styles, scripts).
    var otherMediaTypes: [String] = []
    /// Request headers the route reads besides the common ones (`Last-Event-ID`).
    var headerParameters: [ParameterSpec] = []
    /// Whether the route answers CSV too (`Accept: text/csv` or `format=csv`).
    var csv = false
    /// Whether the route needs the bearer token (always for writes; reads when configured).
    var writes = false
    /// The name of the request body schema, for routes that take one.
    var requestSchema: String?
    /// Answers a request.
    var handler: @Sendable (Request, GatewayRequestContext, QueryParameters) async throws -> Response

    /// Every query parameter the route accepts, `format` included for CSV routes.
    var acceptedQueryParameters: [ParameterSpec] {
        csv ? queryParameters + [.format] : queryParameters
    }
}

/// A path or query parameter as the OpenAPI document describes it.
struct ParameterSpec: Sendable {
    /// The parameter's kind of value.
    enum Schema: Sendable {
        case string
        case integer(ClosedRange<Int>)
        case boolean
        /// One of these values.
        case enumeration([String])
        /// A list (comma-separated or repeated) of these values.
        case list([String])
        /// A repeatable string parameter.
        case repeated
    }

    var name: String
    var description: String
    var schema: Schema = .string
    var required = false
    /// A valid value, used by the document's examples and by tests.
    var example: String
    /// The longest value accepted, in characters (the OpenAPI document's `maxLength`); longer
    /// ones are refused with a 400 naming the parameter. For a list, the limit of each value.
    var maxLength = TextCheck.defaultMaxLength

    /// The limit of ids (`p6`, `p25.A.sp1.c3`, `20.3.r4`): 64 characters.
    static let idMaxLength = 64

    static let pageSize = ParameterSpec(
        name: "page_size", description: "Most items to return; 0 for the default (10). The services cap it at 100.",
        schema: .integer(0...1000), example: "5", maxLength: 8)
    static let pageToken = ParameterSpec(
        name: "page_token", description: "The previous page's next_page_token; only valid with the same filters.",
        example: "", maxLength: 128)
    static let format = ParameterSpec(
        name: "format", description: "json (the default) or csv; overrides the Accept header.",
        schema: .enumeration(["json", "csv"]), example: "json")

    /// Whether the parameter names entries of the catalogue (an id, or a cut's programme, part,
    /// unit or table), so that a value naming nothing is answered 404.
    var namesCatalogueEntries: Bool { name.hasSuffix("_id") || name == "cut" }
}
