import ArgumentParser
import Foundation
import PlanAPI

/// Reading the contract's vocabularies from flags by their raw values (`planned_2020`,
/// `programme`, `documents`); an unknown name is a usage error naming the flag and listing
/// what it takes.
enum Vocabulary {
    /// `text` as one of `T`'s raw values.
    static func parse<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, flag: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw ValidationError("\(flag): '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// Comma-separated lists, possibly repeated, as `T`s; empty items dropped.
    static func list<T: RawRepresentable & CaseIterable>(_ texts: [String], _ type: T.Type, flag: String) throws -> [T]
    where T.RawValue == String {
        try items(texts).map { try parse($0, type, flag: flag) }
    }

    /// The items of comma-separated lists.
    static func items(_ texts: [String]) -> [String] {
        texts.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// `--where` cuts: `dimension=key` or `dimension=key1,key2` (a row matches any key), each
    /// flag one dimension, flags combined with AND. A programme may be given by number (`6`).
    static func cuts(_ texts: [String]) throws -> [Cut] {
        try texts.map { text in
            guard let equals = text.firstIndex(of: "="), equals > text.startIndex else {
                throw ValidationError("--where: '\(text)' is not dimension=key or dimension=key1,key2")
            }
            let dimension = try parse(String(text[..<equals]), Dimension.self, flag: "--where")
            var keys = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if dimension == .programme { keys = keys.map(programmeID) }
            return Cut(dimension: dimension, values: keys)
        }
    }

    /// `--order` keys: a drilldown dimension or sum, count, count_reported; `-` in front for
    /// descending.
    static func order(_ texts: [String]) throws -> [AggregateOrder] {
        try items(texts).map { item in
            let descending = item.hasPrefix("-")
            let name = descending ? String(item.dropFirst()) : item
            if let field = AggregateField(rawValue: name) { return AggregateOrder(key: .aggregate(field), descending: descending) }
            if let dimension = Dimension(rawValue: name) { return AggregateOrder(key: .dimension(dimension), descending: descending) }
            let names = Dimension.allCases.map(\.rawValue) + AggregateField.allCases.map(\.rawValue)
            throw ValidationError("--order: '\(name)' is not one of \(names.joined(separator: ", ")) (- in front for descending)")
        }
    }

    /// A programme's id from `6`, `p6` or `P6`.
    static func programmeID(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy(\.isNumber) { return "p" + text }
        if text.hasPrefix("P"), text.dropFirst().allSatisfy(\.isNumber) { return "p" + text.dropFirst() }
        return text
    }
}
