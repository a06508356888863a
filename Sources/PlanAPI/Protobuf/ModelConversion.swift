import CPlanProto
import PlanProtobuf
import PlanModel

// PlanModel ⇄ protobuf-c (Protos/plan/v1/model.proto), every model type in one place.
// Optional values travel in one-field oneofs, so absent and empty stay different.

// MARK: - Vocabularies

extension PlanModel.Category: ProtobufEnum {
    public var protobufValue: Plan__Category {
        switch self {
        case .a: PLAN__CATEGORY__CATEGORY_A
        case .b: PLAN__CATEGORY__CATEGORY_B
        case .c: PLAN__CATEGORY__CATEGORY_C
        case .d: PLAN__CATEGORY__CATEGORY_D
        case .e: PLAN__CATEGORY__CATEGORY_E
        }
    }
}

extension Measure: ProtobufEnum {
    public var protobufValue: Plan__Measure {
        switch self {
        case .documents: PLAN__MEASURE__MEASURE_DOCUMENTS
        case .threeHourMeetings: PLAN__MEASURE__MEASURE_THREE_HOUR_MEETINGS
        case .thousandsOfWords: PLAN__MEASURE__MEASURE_THOUSANDS_OF_WORDS
        case .days: PLAN__MEASURE__MEASURE_DAYS
        case .publications: PLAN__MEASURE__MEASURE_PUBLICATIONS
        case .materials: PLAN__MEASURE__MEASURE_MATERIALS
        case .projects: PLAN__MEASURE__MEASURE_PROJECTS
        }
    }
}

extension TablePeriod: ProtobufEnum {
    public static let protobufCases: [TablePeriod] = [.years2018to2020, .year2020]

    public var protobufValue: Plan__TablePeriod {
        switch self {
        case .years2018to2020: PLAN__TABLE_PERIOD__TABLE_PERIOD_2018_TO_2020
        case .year2020: PLAN__TABLE_PERIOD__TABLE_PERIOD_2020
        }
    }
}

extension PlanModel.Unit.Kind: ProtobufEnum {
    public var protobufValue: Plan__UnitKind {
        switch self {
        case .subprogramme: PLAN__UNIT_KIND__UNIT_KIND_SUBPROGRAMME
        case .component: PLAN__UNIT_KIND__UNIT_KIND_COMPONENT
        case .office: PLAN__UNIT_KIND__UNIT_KIND_OFFICE
        case .programme: PLAN__UNIT_KIND__UNIT_KIND_PROGRAMME
        }
    }
}

// MARK: - Figure

extension Figure: ProtobufCodable {
    public func encode(into message: inout Plan__Figure, arena: ProtobufArena) throws {
        switch self {
        case .number(let value):
            message.value_case = PLAN__FIGURE__VALUE_NUMBER
            message.number = Int64(value)
        case .dash:
            message.value_case = PLAN__FIGURE__VALUE_DASH
            message.dash = arena.message(Plan__Figure__Dash.self)
        case .blank:
            message.value_case = PLAN__FIGURE__VALUE_BLANK
            message.blank = arena.message(Plan__Figure__Blank.self)
        }
    }

    public init(decoding message: Plan__Figure) throws {
        switch message.value_case {
        case PLAN__FIGURE__VALUE_NUMBER: self = .number(try fitting(message.number, field: "number"))
        case PLAN__FIGURE__VALUE_DASH: self = .dash
        case PLAN__FIGURE__VALUE_BLANK: self = .blank
        default: throw ProtobufError(.invalidValue("a figure must be a number, a dash or a blank; none is set"))
        }
    }
}

// MARK: - Catalogue entities

extension Mandate: ProtobufCodable {
    public func encode(into message: inout Plan__Mandate, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        message.issuing_body = try arena.cString(issuingBody, field: "issuing_body")
        message.n_symbols = symbols.count
        message.symbols = try arena.cStrings(symbols, field: "symbols")
        if let title {
            message.title_present_case = PLAN__MANDATE__TITLE_PRESENT_TITLE
            message.title = try arena.cString(title, field: "title")
        }
        message.line = try fitting(line, field: "line")
        message.n_canonical_symbols = canonicalSymbols.count
        message.canonical_symbols = try arena.cStrings(canonicalSymbols, field: "canonical_symbols")
        message.n_lines = lines.count
        message.lines = try arena.uint32s(lines, field: "lines")
    }

    /// `canonical_symbols` is derived from the body and the symbols: written, not read.
    public init(decoding message: Plan__Mandate) throws {
        let line = Int(message.line)
        let lines = Unpacked.uint32s(message.n_lines, message.lines)
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            issuingBody: try Unpacked.string(message.issuing_body, field: "issuing_body"),
            symbols: try Unpacked.strings(message.n_symbols, message.symbols, field: "symbols"),
            title: message.title_present_case == PLAN__MANDATE__TITLE_PRESENT_TITLE
                ? try Unpacked.string(message.title, field: "title") : nil,
            line: line, lines: lines.isEmpty ? [line] : lines)
    }
}

// MARK: - Results framework

extension PerformanceCell: ProtobufCodable {
    public func encode(into message: inout Plan__PerformanceCell, arena: ProtobufArena) throws {
        message.year = try fitting(year, field: "year")
        message.text = try arena.cString(text, field: "text")
        message.n_lines = lines.count
        message.lines = try arena.uint32s(lines, field: "lines")
    }

    public init(decoding message: Plan__PerformanceCell) throws {
        self.init(
            year: Int(message.year), text: try Unpacked.string(message.text, field: "text"),
            lines: Unpacked.uint32s(message.n_lines, message.lines))
    }
}

extension PerformanceMeasures: ProtobufCodable {
    public func encode(into message: inout Plan__PerformanceMeasures, arena: ProtobufArena) throws {
        if let caption {
            message.caption_present_case = PLAN__PERFORMANCE_MEASURES__CAPTION_PRESENT_CAPTION
            message.caption = try arena.cString(caption, field: "caption")
        }
        message.n_cells = cells.count
        message.cells = try arena.encode(cells, field: "cells")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__PerformanceMeasures) throws {
        self.init(
            caption: message.caption_present_case == PLAN__PERFORMANCE_MEASURES__CAPTION_PRESENT_CAPTION
                ? try Unpacked.string(message.caption, field: "caption") : nil,
            cells: try Unpacked.messages(message.n_cells, message.cells, field: "cells"),
            line: Int(message.line))
    }
}

extension PlannedResult: ProtobufCodable {
    public func encode(into message: inout Plan__PlannedResult, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        message.unit_id = try arena.cString(unitID, field: "unit_id")
        message.programme = try fitting(programme, field: "programme")
        message.title = try arena.cString(title, field: "title")
        message.n_paragraphs = paragraphs.count
        message.paragraphs = try arena.encode(paragraphs, field: "paragraphs")
        message.n_challenge = challenge.count
        message.challenge = try arena.encode(challenge, field: "challenge")
        message.n_evidence = evidence.count
        message.evidence = try arena.encode(evidence, field: "evidence")
        message.performance = try arena.encodeIfPresent(performance, field: "performance")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__PlannedResult) throws {
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            unitID: try Unpacked.string(message.unit_id, field: "unit_id"),
            programme: Int(message.programme),
            title: try Unpacked.string(message.title, field: "title"),
            paragraphs: try Unpacked.messages(message.n_paragraphs, message.paragraphs, field: "paragraphs"),
            challenge: try Unpacked.messages(message.n_challenge, message.challenge, field: "challenge"),
            evidence: try Unpacked.messages(message.n_evidence, message.evidence, field: "evidence"),
            performance: try Unpacked.optionalMessage(message.performance, field: "performance"),
            line: Int(message.line))
    }
}

extension Paragraph: ProtobufCodable {
    public func encode(into message: inout Plan__Paragraph, arena: ProtobufArena) throws {
        if let number {
            message.number_present_case = PLAN__PARAGRAPH__NUMBER_PRESENT_NUMBER
            message.number = try arena.cString(number, field: "number")
        }
        message.text = try arena.cString(text, field: "text")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__Paragraph) throws {
        self.init(
            number: message.number_present_case == PLAN__PARAGRAPH__NUMBER_PRESENT_NUMBER
                ? try Unpacked.string(message.number, field: "number") : nil,
            text: try Unpacked.string(message.text, field: "text"),
            line: Int(message.line))
    }
}

extension NarrativeSection: ProtobufCodable {
    public func encode(into message: inout Plan__NarrativeSection, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        message.heading = try arena.cString(heading, field: "heading")
        message.n_paragraphs = paragraphs.count
        message.paragraphs = try arena.encode(paragraphs, field: "paragraphs")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__NarrativeSection) throws {
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            heading: try Unpacked.string(message.heading, field: "heading"),
            paragraphs: try Unpacked.messages(message.n_paragraphs, message.paragraphs, field: "paragraphs"),
            line: Int(message.line))
    }
}

extension Objective: ProtobufCodable {
    public func encode(into message: inout Plan__Objective, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        message.paragraph = try arena.cString(paragraph, field: "paragraph")
        message.text = try arena.cString(text, field: "text")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__Objective) throws {
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            paragraph: try Unpacked.string(message.paragraph, field: "paragraph"),
            text: try Unpacked.string(message.text, field: "text"),
            line: Int(message.line))
    }
}

extension Part: ProtobufCodable {
    public func encode(into message: inout Plan__Part, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        if let letter {
            message.letter_present_case = PLAN__PART__LETTER_PRESENT_LETTER
            message.letter = try arena.cString(letter, field: "letter")
        }
        message.title = try arena.cString(title, field: "title")
        message.programme = try fitting(programme, field: "programme")
        message.n_mandates = mandates.count
        message.mandates = try arena.encode(mandates, field: "mandates")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__Part) throws {
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            letter: message.letter_present_case == PLAN__PART__LETTER_PRESENT_LETTER
                ? try Unpacked.string(message.letter, field: "letter") : nil,
            title: try Unpacked.string(message.title, field: "title"),
            programme: Int(message.programme),
            mandates: try Unpacked.messages(message.n_mandates, message.mandates, field: "mandates"),
            line: Int(message.line))
    }
}

extension PlanModel.Unit: ProtobufCodable {
    public func encode(into message: inout Plan__Unit, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        message.kind = kind.protobufValue
        if let number {
            message.number_present_case = PLAN__UNIT__NUMBER_PRESENT_NUMBER
            message.number = try arena.cString(number, field: "number")
        }
        message.title = try arena.cString(title, field: "title")
        message.programme = try fitting(programme, field: "programme")
        if let partID {
            message.part_id_present_case = PLAN__UNIT__PART_ID_PRESENT_PART_ID
            message.part_id = try arena.cString(partID, field: "part_id")
        }
        if let parentID {
            message.parent_id_present_case = PLAN__UNIT__PARENT_ID_PRESENT_PARENT_ID
            message.parent_id = try arena.cString(parentID, field: "parent_id")
        }
        message.objective = try arena.encodeIfPresent(objective, field: "objective")
        message.n_narrative = narrative.count
        message.narrative = try arena.encode(narrative, field: "narrative")
        message.n_mandates = mandates.count
        message.mandates = try arena.encode(mandates, field: "mandates")
        message.n_table_ids = tableIDs.count
        message.table_ids = try arena.cStrings(tableIDs, field: "table_ids")
        message.line = try fitting(line, field: "line")
        message.planned_result = try arena.encodeIfPresent(plannedResult, field: "planned_result")
    }

    public init(decoding message: Plan__Unit) throws {
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            kind: try Kind.required(protobufValue: message.kind, field: "kind"),
            number: message.number_present_case == PLAN__UNIT__NUMBER_PRESENT_NUMBER
                ? try Unpacked.string(message.number, field: "number") : nil,
            title: try Unpacked.string(message.title, field: "title"),
            programme: Int(message.programme),
            partID: message.part_id_present_case == PLAN__UNIT__PART_ID_PRESENT_PART_ID
                ? try Unpacked.string(message.part_id, field: "part_id") : nil,
            parentID: message.parent_id_present_case == PLAN__UNIT__PARENT_ID_PRESENT_PARENT_ID
                ? try Unpacked.string(message.parent_id, field: "parent_id") : nil,
            objective: try Unpacked.optionalMessage(message.objective, field: "objective"),
            narrative: try Unpacked.messages(message.n_narrative, message.narrative, field: "narrative"),
            mandates: try Unpacked.messages(message.n_mandates, message.mandates, field: "mandates"),
            plannedResult: try Unpacked.optionalMessage(message.planned_result, field: "planned_result"),
            tableIDs: try Unpacked.strings(message.n_table_ids, message.table_ids, field: "table_ids"),
            line: Int(message.line))
    }
}

extension Programme: ProtobufCodable {
    public func encode(into message: inout Plan__Programme, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        message.number = try fitting(number, field: "number")
        message.title = try arena.cString(title, field: "title")
        message.n_parts = parts.count
        message.parts = try arena.encode(parts, field: "parts")
        message.n_units = units.count
        message.units = try arena.encode(units, field: "units")
        message.n_mandates = mandates.count
        message.mandates = try arena.encode(mandates, field: "mandates")
        message.n_narrative = narrative.count
        message.narrative = try arena.encode(narrative, field: "narrative")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__Programme) throws {
        self.init(
            number: Int(message.number),
            title: try Unpacked.string(message.title, field: "title"),
            parts: try Unpacked.messages(message.n_parts, message.parts, field: "parts"),
            units: try Unpacked.messages(message.n_units, message.units, field: "units"),
            mandates: try Unpacked.messages(message.n_mandates, message.mandates, field: "mandates"),
            narrative: try Unpacked.messages(message.n_narrative, message.narrative, field: "narrative"),
            line: Int(message.line))
        // The id travels as sent, even where it is not the one `number` gives.
        id = try Unpacked.string(message.id, field: "id")
    }
}

// MARK: - Deliverables tables

extension Footnote: ProtobufCodable {
    public func encode(into message: inout Plan__Footnote, arena: ProtobufArena) throws {
        message.marker = try arena.cString(marker, field: "marker")
        message.text = try arena.cString(text, field: "text")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__Footnote) throws {
        self.init(
            marker: try Unpacked.string(message.marker, field: "marker"),
            text: try Unpacked.string(message.text, field: "text"),
            line: Int(message.line))
    }
}

extension DeliverableRow: ProtobufCodable {
    public func encode(into message: inout Plan__DeliverableRow, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        message.category = category.protobufValue
        message.printed_category = try arena.cString(printedCategory, field: "printed_category")
        message.quantified = quantified ? 1 : 0
        message.subcategory = try arena.cString(subcategory, field: "subcategory")
        if let measureText {
            message.measure_text_present_case = PLAN__DELIVERABLE_ROW__MEASURE_TEXT_PRESENT_MEASURE_TEXT
            message.measure_text = try arena.cString(measureText, field: "measure_text")
        }
        message.measure = Measure.protobufValue(measure)
        message.planned_2018 = try arena.encode(planned2018, field: "planned_2018")
        message.actual_2018 = try arena.encode(actual2018, field: "actual_2018")
        message.planned_2019 = try arena.encode(planned2019, field: "planned_2019")
        message.planned_2020 = try arena.encode(planned2020, field: "planned_2020")
        message.n_footnote_markers = footnoteMarkers.count
        message.footnote_markers = try arena.cStrings(footnoteMarkers, field: "footnote_markers")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__DeliverableRow) throws {
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            category: try PlanModel.Category.required(protobufValue: message.category, field: "category"),
            printedCategory: try Unpacked.string(message.printed_category, field: "printed_category"),
            quantified: message.quantified != 0,
            subcategory: try Unpacked.string(message.subcategory, field: "subcategory"),
            measureText: message.measure_text_present_case == PLAN__DELIVERABLE_ROW__MEASURE_TEXT_PRESENT_MEASURE_TEXT
                ? try Unpacked.string(message.measure_text, field: "measure_text") : nil,
            measure: try Measure.from(protobufValue: message.measure, field: "measure"),
            planned2018: try Unpacked.message(message.planned_2018, field: "planned_2018"),
            actual2018: try Unpacked.message(message.actual_2018, field: "actual_2018"),
            planned2019: try Unpacked.message(message.planned_2019, field: "planned_2019"),
            planned2020: try Unpacked.message(message.planned_2020, field: "planned_2020"),
            footnoteMarkers: try Unpacked.strings(
                message.n_footnote_markers, message.footnote_markers, field: "footnote_markers"),
            line: Int(message.line))
    }
}

extension DeliverableTable: ProtobufCodable {
    public func encode(into message: inout Plan__DeliverableTable, arena: ProtobufArena) throws {
        message.id = try arena.cString(id, field: "id")
        if let printedLabel {
            message.printed_label_present_case = PLAN__DELIVERABLE_TABLE__PRINTED_LABEL_PRESENT_PRINTED_LABEL
            message.printed_label = try arena.cString(printedLabel, field: "printed_label")
        }
        message.title = try arena.cString(title, field: "title")
        message.period = period.protobufValue
        message.unit_id = try arena.cString(unitID, field: "unit_id")
        message.n_rows = rows.count
        message.rows = try arena.encode(rows, field: "rows")
        message.n_footnotes = footnotes.count
        message.footnotes = try arena.encode(footnotes, field: "footnotes")
        message.line = try fitting(line, field: "line")
    }

    public init(decoding message: Plan__DeliverableTable) throws {
        self.init(
            id: try Unpacked.string(message.id, field: "id"),
            printedLabel: message.printed_label_present_case
                == PLAN__DELIVERABLE_TABLE__PRINTED_LABEL_PRESENT_PRINTED_LABEL
                ? try Unpacked.string(message.printed_label, field: "printed_label") : nil,
            title: try Unpacked.string(message.title, field: "title"),
            period: try TablePeriod.required(protobufValue: message.period, field: "period"),
            unitID: try Unpacked.string(message.unit_id, field: "unit_id"),
            rows: try Unpacked.messages(message.n_rows, message.rows, field: "rows"),
            footnotes: try Unpacked.messages(message.n_footnotes, message.footnotes, field: "footnotes"),
            line: Int(message.line))
    }
}

extension Catalogue: ProtobufCodable {
    public func encode(into message: inout Plan__CatalogueSnapshot, arena: ProtobufArena) throws {
        message.n_programmes = programmes.count
        message.programmes = try arena.encode(programmes, field: "programmes")
        message.n_tables = tables.count
        message.tables = try arena.encode(tables, field: "tables")
    }

    public init(decoding message: Plan__CatalogueSnapshot) throws {
        self.init(
            programmes: try Unpacked.messages(message.n_programmes, message.programmes, field: "programmes"),
            tables: try Unpacked.messages(message.n_tables, message.tables, field: "tables"))
    }
}
