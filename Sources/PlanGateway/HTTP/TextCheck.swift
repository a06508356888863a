/// The check every text the HTTP front takes goes through before a backend sees it: query and
/// path parameters, and the strings of JSON bodies. A text must hold no control character
/// (U+0000–U+001F, U+007F: a NUL cannot even be encoded for the backends) and be at most its
/// field's limit in characters (Unicode code points, as JSON Schema's `maxLength` counts). That
/// it is UTF-8 at all is checked where it is decoded.
enum TextCheck {
    /// The limit of a text whose field sets none: 256 characters.
    static let defaultMaxLength = 256
    /// The longest parameter name: 64 characters (every name the front takes is far shorter).
    static let maxNameLength = 64

    /// A 400 naming `parameter` unless `text` passes: no control character, at most
    /// `maxLength` characters.
    static func check(_ text: String, parameter: String, maxLength: Int) throws(HTTPProblem) {
        // Counting stops past the limit: a long text costs no more than a short one.
        let length = text.unicodeScalars.prefix(maxLength + 1).count
        guard length <= maxLength else {
            throw .badParameter(parameter, "'\(parameter)' is longer than its limit of \(maxLength) characters")
        }
        if let control = text.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let code = "U+" + String(control.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw .badParameter(parameter, "'\(parameter)' holds the control character \(code); none is accepted")
        }
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
