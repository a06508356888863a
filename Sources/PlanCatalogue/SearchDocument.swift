import PlanModel
import PlanAPI

/// One searchable text of the catalogue (a title, an objective, a paragraph, …) and where it is.
struct SearchDocument: Sendable {
    /// Where the text is.
    var location: SearchLocation
    /// The text as printed, in Unicode scalars (the unit of snippets and highlights).
    var scalars: [Unicode.Scalar]
    /// The text folded for matching, scalar for scalar (see ``SearchFolding``).
    var folded: [UInt32]

    init(_ text: String, _ location: SearchLocation) {
        self.location = location
        scalars = Array(text.unicodeScalars)
        folded = scalars.map(SearchFolding.fold)
    }

    /// Whether the text is a title, an entity's own text or body text: titles rank first.
    var tier: Int {
        switch location.scope {
        case .programme, .part, .unit, .table: 2
        case .narrative where location.field == "heading": 2
        case .result where location.field == "title": 2
        case .objective, .mandate, .result: 1
        case .narrative, .row, .footnote: 0
        }
    }
}

/// How text is folded for matching: ASCII and full-width letters to lower-case half-width, one
/// scalar to one scalar so that offsets in folded text are offsets in the printed text.
enum SearchFolding {
    static func fold(_ scalar: Unicode.Scalar) -> UInt32 {
        var value = scalar.value
        if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }  // full-width ASCII forms
        if (0x41...0x5A).contains(value) { value += 0x20 }
        return value
    }

    /// The folded scalars of `text`.
    static func fold(_ text: some StringProtocol) -> [UInt32] { text.unicodeScalars.map(fold) }
}

extension SearchDocument {
    /// Every searchable text of `catalogue`, in document order (by line).
    static func all(in catalogue: Catalogue, index: CatalogueIndex) -> [SearchDocument] {
        var documents: [SearchDocument] = []
        func add(_ text: String?, _ scope: SearchScope, _ id: String, _ field: String, _ programme: Int, _ unitID: String, _ line: Int) {
            guard let text, !text.isEmpty else { return }
            documents.append(SearchDocument(
                text, SearchLocation(scope: scope, entityID: id, field: field, programme: programme, unitID: unitID, line: line)))
        }
        func addNarrative(_ sections: [NarrativeSection], _ programme: Int, _ unitID: String) {
            for section in sections {
                add(section.heading, .narrative, section.id, "heading", programme, unitID, section.line)
                for (number, paragraph) in section.paragraphs.enumerated() {
                    add(paragraph.text, .narrative, section.id, "paragraphs[\(number)]", programme, unitID, paragraph.line)
                }
            }
        }
        func addMandates(_ mandates: [Mandate], _ programme: Int, _ unitID: String) {
            for mandate in mandates {
                add(mandate.issuingBody, .mandate, mandate.id, "issuing_body", programme, unitID, mandate.line)
                for (number, symbol) in mandate.symbols.enumerated() {
                    add(symbol, .mandate, mandate.id, "symbols[\(number)]", programme, unitID, mandate.line)
                }
                add(mandate.title, .mandate, mandate.id, "title", programme, unitID, mandate.line)
            }
        }
        // A result's paragraphs are searchable already as the narrative they are printed in;
        // its title and its performance cells are searchable as the result.
        func addResult(_ result: PlannedResult, _ programme: Int) {
            add(result.title, .result, result.id, "title", programme, result.unitID, result.line)
            for (number, cell) in (result.performance?.cells ?? []).enumerated() {
                add(cell.text, .result, result.id, "performance.cells[\(number)]", programme, result.unitID, cell.lines.first ?? result.line)
            }
        }
        for programme in catalogue.programmes {
            let number = programme.number
            add(programme.title, .programme, programme.id, "title", number, "", programme.line)
            addNarrative(programme.narrative, number, "")
            addMandates(programme.mandates, number, "")
            for part in programme.parts {
                add(part.title, .part, part.id, "title", number, "", part.line)
                addMandates(part.mandates, number, "")
            }
            for unit in programme.units {
                add(unit.title, .unit, unit.id, "title", number, unit.id, unit.line)
                if let objective = unit.objective {
                    add(objective.text, .objective, objective.id, "text", number, unit.id, objective.line)
                }
                addNarrative(unit.narrative, number, unit.id)
                addMandates(unit.mandates, number, unit.id)
                if let result = unit.plannedResult { addResult(result, number) }
            }
        }
        for table in catalogue.tables {
            let number = index.programmeNumber(of: table) ?? 0
            add(table.title, .table, table.id, "title", number, table.unitID, table.line)
            for row in table.rows {
                add(row.subcategory, .row, row.id, "subcategory", number, table.unitID, row.line)
                add(row.measureText, .row, row.id, "measure", number, table.unitID, row.line)
            }
            for (ordinal, footnote) in table.footnotes.enumerated() {
                add(footnote.text, .footnote, table.id, "footnotes[\(ordinal)]", number, table.unitID, footnote.line)
            }
        }
        // Stable sort: texts on one line keep the order they were added in.
        return documents.enumerated()
            .sorted { ($0.element.location.line, $0.offset) < ($1.element.location.line, $1.offset) }
            .map(\.element)
    }
}
