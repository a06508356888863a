import Foundation
import Hummingbird
import HummingbirdCore
import PlanModel
import PlanAPI

/// The query and path parameters of one request, read as the route declares them: a query
/// parameter the route does not declare is refused (400 naming it), and every value that cannot
/// be used (a bad number, an unknown enum value) is refused with a 400 naming its parameter.
///
/// Every value is checked at the edge, before any backend sees it (``TextCheck``): it must be
/// valid UTF-8 once percent-decoded, hold no control character (NUL included) and be at most
/// its parameter's ``ParameterSpec/maxLength`` bytes long. Path segments are percent-decoded
/// the same way (`/v1/programmes/p%36` is `/v1/programmes/p6`).
///
/// Lists are given comma-separated, by repeating the parameter, or both (`drilldown=programme,measure`).
struct QueryParameters {
    private let values: [String: [String]]
    private let declared: Set<String>
    private let pathValues: [String: String]

    /// The parameters of `uri`, checked against the `declared` names and limits, and the path
    /// parameters `path` declares, taken from `captured` (the router's raw segments).
    init(
        _ uri: URI, declared: [ParameterSpec], path: [ParameterSpec] = [], captured: Parameters = .init()
    ) throws(HTTPProblem) {
        var values: [String: [String]] = [:]
        for pair in (uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.formDecode(parts[0], parameter: "query", limit: TextCheck.maxNameLength)
            values[name, default: []].append(
                try Self.formDecode(parts.count > 1 ? parts[1] : "", parameter: name, limit: nil))
        }
        let specs = Dictionary(declared.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if let unknown = values.keys.sorted().first(where: { specs[$0] == nil }) {
            let accepted = specs.isEmpty ? "none" : specs.keys.sorted().joined(separator: ", ")
            throw .badParameter(unknown, "unknown query parameter '\(unknown)'; this endpoint takes: \(accepted)")
        }
        for (name, given) in values.sorted(by: { $0.key < $1.key }) {
            for value in given { try TextCheck.check(value, parameter: name, maxLength: specs[name]!.maxLength) }
        }
        var pathValues: [String: String] = [:]
        for spec in path {
            guard let raw = captured.get(spec.name) else { continue }
            let value = try Self.percentDecode(raw, parameter: spec.name)
            try TextCheck.check(value, parameter: spec.name, maxLength: spec.maxLength)
            pathValues[spec.name] = value
        }
        self.values = values
        self.declared = Set(specs.keys)
        self.pathValues = pathValues
    }

    /// A query component as `application/x-www-form-urlencoded` has it: `+` is a space, then
    /// percent-decoding; 400 naming `parameter` for a malformed escape or bytes that are not
    /// UTF-8, and (with `limit`) for a component longer than `limit` bytes.
    static func formDecode(_ component: Substring, parameter: String, limit: Int?) throws(HTTPProblem) -> String {
        let spaced = component.utf8.contains(UInt8(ascii: "+")) ? component.replacingOccurrences(of: "+", with: " ") : String(component)
        let decoded = try percentDecode(spaced, parameter: parameter)
        if let limit { try TextCheck.check(decoded, parameter: parameter, maxLength: limit) }
        return decoded
    }

    /// `text` percent-decoded; 400 naming `parameter` for a malformed escape or bytes that are
    /// not UTF-8.
    static func percentDecode(_ text: some StringProtocol, parameter: String) throws(HTTPProblem) -> String {
        // Most values have no escape: a Swift string is valid UTF-8 already.
        if !text.utf8.contains(UInt8(ascii: "%")) { return String(text) }
        if let decoded = text.removingPercentEncoding { return decoded }
        // Foundation refuses both a malformed escape and escapes that decode to invalid UTF-8.
        let escapes = text.split(separator: "%", omittingEmptySubsequences: false).dropFirst()
        if escapes.allSatisfy({ $0.count >= 2 && $0.prefix(2).allSatisfy(\.isHexDigit) }) {
            throw .badParameter(parameter, "'\(parameter)' is not valid UTF-8 once percent-decoded")
        }
        throw .badParameter(parameter, "'\(parameter)' has a malformed percent-escape")
    }

    /// The path parameter `name` the route declares, percent-decoded and checked.
    func path(_ name: String) throws(HTTPProblem) -> String {
        guard let value = pathValues[name] else {
            assertionFailure("a handler reads the undeclared path parameter \(name)")
            throw .badParameter(name, "'\(name)' is required")
        }
        return value
    }

    /// Every value given for `name`, lists split at commas, empty items dropped.
    func list(_ name: String, splitting: Bool = true) -> [String] {
        assert(declared.contains(name), "a handler reads the undeclared parameter \(name)")
        let given = values[name] ?? []
        guard splitting else { return given }
        return given.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    /// The one value of `name`; `nil` when absent; 400 when given twice.
    func string(_ name: String) throws(HTTPProblem) -> String? {
        let given = list(name, splitting: false)
        guard given.count <= 1 else { throw .badParameter(name, "'\(name)' is given \(given.count) times; give it once") }
        return given.first
    }

    /// The value of `name`, empty when absent.
    func text(_ name: String) throws(HTTPProblem) -> String { try string(name) ?? "" }

    /// The value of `name`; 400 when absent or empty.
    func required(_ name: String) throws(HTTPProblem) -> String {
        guard let value = try string(name), !value.isEmpty else { throw .badParameter(name, "'\(name)' is required") }
        return value
    }

    /// An integer in `range`; `nil` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(HTTPProblem) -> Int? {
        guard let text = try string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .badParameter(name, "'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// `true` or `false`; `nil` when absent.
    func boolean(_ name: String) throws(HTTPProblem) -> Bool? {
        guard let text = try string(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .badParameter(name, "'\(name)' must be true or false, not '\(text)'")
        }
    }

    /// The value of `name` as one of `T`'s raw values; `nil` when absent.
    func enumeration<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(HTTPProblem) -> T?
    where T.RawValue == String {
        try enumeration(name, among: Array(T.allCases))
    }

    /// The value of `name` as the raw value of one of `cases`; `nil` when absent.
    func enumeration<T: RawRepresentable>(_ name: String, among cases: [T]) throws(HTTPProblem) -> T?
    where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        return try Self.parse(text, among: cases, parameter: name)
    }

    /// Every value of `name` (a list) as `T`.
    func enumerations<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(HTTPProblem) -> [T]
    where T.RawValue == String {
        var result: [T] = []
        for text in list(name) { result.append(try Self.parse(text, among: Array(T.allCases), parameter: name)) }
        return result
    }

    /// `text` as one of `cases`, or a 400 naming `parameter` and listing the accepted values.
    static func parse<T: RawRepresentable>(_ text: String, among cases: [T], parameter: String) throws(HTTPProblem) -> T
    where T.RawValue == String {
        guard let value = cases.first(where: { $0.rawValue == text }) else {
            throw .badParameter(
                parameter, "'\(parameter)': '\(text)' is not one of \(cases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    // MARK: The parameters most routes share

    /// `page_size`: 0 (the server's default) to 1000.
    func pageSize() throws(HTTPProblem) -> Int { try integer("page_size", in: 0...1000) ?? 0 }

    /// `page_token`.
    func pageToken() throws(HTTPProblem) -> String { try text("page_token") }

    /// `drilldown`: dimensions to group by, in order.
    func drilldowns() throws(HTTPProblem) -> [PlanAPI.Dimension] { try enumerations("drilldown", PlanAPI.Dimension.self) }

    /// `cut`: `dimension:key` or `dimension:key1|key2`, repeated for more dimensions (AND).
    func cuts() throws(HTTPProblem) -> [Cut] {
        var cuts: [Cut] = []
        for text in list("cut", splitting: false) {
            guard let colon = text.firstIndex(of: ":") else {
                throw .badParameter("cut", "'cut' must be dimension:key or dimension:key1|key2, not '\(text)'")
            }
            let dimension = try Self.parse(String(text[..<colon]), among: PlanAPI.Dimension.allCases, parameter: "cut")
            let keys = text[text.index(after: colon)...].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            cuts.append(Cut(dimension: dimension, values: keys))
        }
        return cuts
    }

    /// `order`: keys separated by commas, each a drilldown dimension or an aggregate (`sum`,
    /// `count`, `count_reported`), a leading `-` for descending.
    func order() throws(HTTPProblem) -> [AggregateOrder] {
        var order: [AggregateOrder] = []
        for item in list("order") {
            let descending = item.hasPrefix("-")
            let name = descending ? String(item.dropFirst()) : item
            if let field = AggregateField(rawValue: name) {
                order.append(AggregateOrder(key: .aggregate(field), descending: descending))
            } else if let dimension = PlanAPI.Dimension(rawValue: name) {
                order.append(AggregateOrder(key: .dimension(dimension), descending: descending))
            } else {
                let names = (AggregateField.allCases.map(\.rawValue) + PlanAPI.Dimension.allCases.map(\.rawValue))
                throw .badParameter(
                    "order", "'order': '\(name)' is not one of \(names.joined(separator: ", ")) (prefix - for descending)")
            }
        }
        return order
    }
}
