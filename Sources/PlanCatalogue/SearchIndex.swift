import PlanModel
import PlanAPI

/// Full-text search over the catalogue's text, made for Chinese, which puts no spaces between
/// words: every text is indexed by its character bigrams (and single characters, for
/// one-character queries) at start-up. A query term's candidates are the texts holding all its
/// bigrams; a candidate matches only if the term really occurs in it as a substring.
public struct SearchIndex: Sendable {
    /// A text that matches a query, with where the query's terms occur in it.
    public struct Match: Sendable {
        /// Position of the text in document order.
        var document: Int
        /// Relevance; higher is better.
        public var score: Double
        /// Occurrences of the query's terms: offsets and lengths in scalars, in text order.
        var occurrences: [TextRange]
    }

    /// Scalars either side of the first match in a snippet.
    public var snippetContext = 30

    private let documents: [SearchDocument]
    /// Gram key → the documents holding the gram, ascending, without repeats.
    private let postings: [UInt64: [Int32]]

    public init(catalogue: Catalogue, index: CatalogueIndex) {
        documents = SearchDocument.all(in: catalogue, index: index)
        var postings: [UInt64: [Int32]] = [:]
        for (position, document) in documents.enumerated() {
            let folded = document.folded
            var grams = Set<UInt64>()
            for offset in folded.indices {
                grams.insert(Self.key(folded[offset]))
                if offset + 1 < folded.count { grams.insert(Self.key(folded[offset], folded[offset + 1])) }
            }
            for gram in grams { postings[gram, default: []].append(Int32(position)) }
        }
        self.postings = postings
    }

    /// The number of texts indexed.
    public var documentCount: Int { documents.count }

    /// The query's terms: the query split at white space (ideographic space too), folded.
    static func terms(of query: String) -> [[UInt32]] {
        query.split(whereSeparator: { $0.isWhitespace }).map { SearchFolding.fold($0) }
    }

    /// Every text matching all terms of `query`, best first: texts holding the whole query
    /// as printed first, then titles before objectives and mandates before body text, then
    /// more occurrences and texts the query covers more of; ties in document order.
    /// `programme` and `scopes` (empty: all) restrict where to look.
    public func matches(for query: String, programme: Int? = nil, scopes: Set<SearchScope> = []) -> [Match] {
        let terms = Self.terms(of: query)
        guard !terms.isEmpty else { return [] }
        // A query of several terms ranks higher where its terms stand as printed, one space apart.
        let phrase: [UInt32]? = terms.count > 1 ? Array(terms.joined(separator: [0x20])) : nil
        var matches: [Match] = []
        for candidate in candidates(for: terms) {
            let document = documents[candidate]
            if let programme, document.location.programme != programme { continue }
            if !scopes.isEmpty, !scopes.contains(document.location.scope) { continue }
            var occurrences: [TextRange] = []
            var allFound = true
            for term in terms {
                let found = Self.occurrences(of: term, in: document.folded)
                if found.isEmpty { allFound = false; break }
                occurrences += found.map { TextRange(start: $0, length: term.count) }
            }
            guard allFound else { continue }
            occurrences.sort { ($0.start, $0.length) < ($1.start, $1.length) }
            let isPhrase = phrase.map { !Self.occurrences(of: $0, in: document.folded).isEmpty } ?? true
            let covered = Double(terms.reduce(0) { $0 + $1.count }) / Double(document.folded.count)
            let score = (isPhrase ? 100 : 0) + Double(document.tier * 10) + Double(min(occurrences.count, 5)) + covered
            matches.append(Match(document: candidate, score: score, occurrences: occurrences))
        }
        return matches.sorted { ($0.score, -$0.document) > ($1.score, -$1.document) }
    }

    /// The hit a match is shown as: a snippet around its first occurrence, the occurrences
    /// within the snippet, and where the text is.
    public func hit(for match: Match) -> SearchHit {
        let document = documents[match.document]
        let first = match.occurrences[0]
        let start = max(0, first.start - snippetContext)
        let end = min(document.scalars.count, first.start + first.length + snippetContext)
        var snippet = String.UnicodeScalarView()
        snippet.append(contentsOf: document.scalars[start..<end])
        var highlights: [TextRange] = []
        for occurrence in match.occurrences where occurrence.start >= start && occurrence.start + occurrence.length <= end {
            let shifted = TextRange(start: occurrence.start - start, length: occurrence.length)
            if let last = highlights.last, shifted.start <= last.start + last.length {
                let lastEnd = max(last.start + last.length, shifted.start + shifted.length)
                highlights[highlights.count - 1].length = lastEnd - last.start
            } else {
                highlights.append(shifted)
            }
        }
        return SearchHit(score: match.score, snippet: String(snippet), highlights: highlights, location: document.location)
    }

    /// Documents holding every gram of every term, ascending.
    private func candidates(for terms: [[UInt32]]) -> [Int] {
        var lists: [[Int32]] = []
        for term in terms {
            if term.count == 1 {
                lists.append(postings[Self.key(term[0])] ?? [])
            } else {
                for offset in 0..<(term.count - 1) {
                    lists.append(postings[Self.key(term[offset], term[offset + 1])] ?? [])
                }
            }
        }
        lists.sort { $0.count < $1.count }
        guard var result = lists.first else { return [] }
        for list in lists.dropFirst() where !result.isEmpty {
            let members = Set(list)
            result = result.filter(members.contains)
        }
        return result.map(Int.init)
    }

    /// Offsets where `term` starts in `text`.
    static func occurrences(of term: [UInt32], in text: [UInt32]) -> [Int] {
        guard !term.isEmpty, term.count <= text.count else { return [] }
        var found: [Int] = []
        for start in 0...(text.count - term.count) where text[start] == term[0] {
            if text[start..<(start + term.count)].elementsEqual(term) { found.append(start) }
        }
        return found
    }

    /// The key of a single scalar: no second scalar has the value 0x1FFFFF.
    private static func key(_ scalar: UInt32) -> UInt64 { UInt64(scalar) << 21 | 0x1F_FFFF }

    /// The key of a bigram.
    private static func key(_ first: UInt32, _ second: UInt32) -> UInt64 { UInt64(first) << 21 | UInt64(second) }
}
